// RFC 9457 problem details, the one error shape of the API (spec: Problem, FieldError, ErrorCode).
import type { spec } from './generated/spec.js';

export type ErrorCode = (typeof spec.components.schemas.ErrorCode.enum)[number];

export interface FieldError {
  /** JSON Pointer into the request body; "" is the whole body. */
  pointer: string;
  code: ErrorCode;
  /** For a person; never repeats the value sent. */
  detail: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors: FieldError[];
}

const kinds = {
  400: { type: 'https://forestfn.dev/problems/validation', title: 'Invalid request' },
  401: { type: 'https://forestfn.dev/problems/unauthorized', title: 'Unauthorized' },
  404: { type: 'https://forestfn.dev/problems/not-found', title: 'Not found' },
  405: { type: 'https://forestfn.dev/problems/method-not-allowed', title: 'Method not allowed' },
  413: { type: 'https://forestfn.dev/problems/payload-too-large', title: 'Payload too large' },
  415: { type: 'https://forestfn.dev/problems/unsupported-media-type', title: 'Unsupported media type' },
  500: { type: 'https://forestfn.dev/problems/internal', title: 'Internal error' },
} as const;

export type ProblemStatus = keyof typeof kinds;

/** Thrown inside a handler to answer with a problem; anything else thrown becomes a bare 500. */
export class HttpProblem extends Error {
  readonly status: ProblemStatus;
  readonly errors: FieldError[];
  readonly headers: Record<string, string>;

  constructor(
    status: ProblemStatus,
    detail: string,
    errors: FieldError[],
    headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }

  /** The problem+json response, tagged with the request's id. */
  toResponse(requestId: string): Response {
    const body: ProblemBody = {
      ...kinds[this.status],
      status: this.status,
      detail: this.message,
      requestId,
      errors: this.errors,
    };
    return new Response(JSON.stringify(body), {
      status: this.status,
      headers: { ...this.headers, 'content-type': 'application/problem+json' },
    });
  }
}

/** A problem with a single error about the whole body. */
export function bodyProblem(
  status: ProblemStatus,
  detail: string,
  code: ErrorCode,
  errorDetail: string,
  headers: Record<string, string> = {},
) {
  return new HttpProblem(status, detail, [{ pointer: '', code, detail: errorDetail }], headers);
}
