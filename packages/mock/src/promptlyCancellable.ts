/**
 * The request with its body rewrapped so that cancelling it returns at once. MSW hands handlers a tee'd
 * copy of the body, and cancelling one branch of a tee settles only once the other is cancelled too, so
 * a service that stops reading an oversized body (413) and awaits the cancel would wait forever. The
 * local host adapts Node's request stream the same way.
 */
export function promptlyCancellable(request: Request): Request {
  const source = request.body;
  if (source === null) return request;
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      void reader.cancel(reason).catch(() => undefined);
    },
  });
  const init = {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: 'half',
  };
  return new Request(request.url, init as RequestInit);
}
