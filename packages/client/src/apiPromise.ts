/** The parsed answer of a call together with the HTTP response it came in. */
export interface WithResponse<T> {
  /** What awaiting the call gives. */
  data: T;
  /** The HTTP response: status and headers (e.g. `x-model-version`); its body is already read. */
  response: Response;
  /** The response's `x-request-id`, to quote when asking the service's operators. */
  requestId: string | undefined;
}

const pending = () => {};
const dataOf = <T>(answer: { data: T }) => answer.data;

/**
 * What every method of the client returns: a Promise of the parsed answer that also has
 * `.withResponse()`, for the HTTP response with it (as openai-node's `APIPromise`). The request is
 * sent once whichever is used; a failure rejects both the same way.
 */
export class ApiPromise<T> extends Promise<T> {
  // `catch` and `finally` call `then`; what they make is a plain Promise, not one of these.
  static override get [Symbol.species]() {
    return Promise;
  }

  readonly #answer: Promise<{ data: T; response: Response }>;

  constructor(answer: Promise<{ data: T; response: Response }>) {
    // The base promise is never settled nor used: `then`, `catch` and `finally` go to `#answer`.
    super(pending);
    this.#answer = answer;
  }

  /** The parsed answer with the HTTP response and its request id. */
  async withResponse(): Promise<WithResponse<T>> {
    const { data, response } = await this.#answer;
    return { data, response, requestId: response.headers.get('x-request-id') ?? undefined };
  }

  // biome-ignore lint/suspicious/noThenProperty: a Promise subclass; its then is what await calls.
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    // Derived only when awaited, so `.withResponse()` alone leaves no unhandled rejection behind.
    return this.#answer.then(dataOf).then(onFulfilled, onRejected);
  }
}
