import { requestIdPattern } from './contract.js';

/** The caller's `x-request-id` when it is a valid one (see the spec), else a fresh UUID (web crypto, so it runs anywhere). */
export function requestIdFor(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given !== null && requestIdPattern.test(given) ? given : globalThis.crypto.randomUUID();
}
