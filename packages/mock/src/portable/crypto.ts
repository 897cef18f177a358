// What the service and the model use of `node:crypto`, on web APIs and plain JavaScript, so the bundle
// runs in browsers too (tsup.config.ts maps `node:crypto` here). Only SHA-256 is needed: the artifact's
// content hash (over its bytes) and the key comparison (over UTF-8 text). It is @noble/hashes' (bundled,
// synchronous, audited); crypto.test.ts checks it against Node's.
import { sha256 } from '@noble/hashes/sha2.js';

const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** A SHA-256 hash being fed, as `createHash('sha256')` returns it; it takes bytes and UTF-8 strings, as its callers use it. */
export class Sha256Hash {
  readonly #hash = sha256.create();

  update(data: string | Uint8Array, encoding: 'utf8' = 'utf8'): this {
    if (typeof data === 'string' && encoding === 'utf8') this.#hash.update(new TextEncoder().encode(data));
    else if (data instanceof Uint8Array) this.#hash.update(data);
    else throw new TypeError('@forestfn/mock: update takes bytes or UTF-8 strings');
    return this;
  }

  digest(): Uint8Array;
  digest(encoding: 'hex'): string;
  digest(encoding?: 'hex'): Uint8Array | string {
    const bytes = this.#hash.digest();
    if (encoding === undefined) return bytes;
    if (encoding !== 'hex')
      throw new TypeError(`@forestfn/mock: digest encodes hex only, not ${String(encoding)}`);
    return toHex(bytes);
  }
}

/** `createHash('sha256')`; other algorithms throw. */
export function createHash(algorithm: string): Sha256Hash {
  if (algorithm !== 'sha256')
    throw new Error(`@forestfn/mock: createHash supports sha256 only, not ${algorithm}`);
  return new Sha256Hash();
}

/** Whether two equal-length byte arrays are equal, in time that does not depend on where they differ. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length');
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

/** A random version 4 UUID. */
export function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}
