import { randomUUID } from 'node:crypto';
import { requestIdPattern } from './contract.js';

/** The caller's `x-request-id` when it is a valid one (see the spec), else a fresh UUID. */
export function requestIdFor(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given !== null && requestIdPattern.test(given) ? given : randomUUID();
}
