import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether `given` equals `expected`, in time that does not depend on where they differ. Comparing
 * fixed-length digests also hides the key's length, which a plain timingSafeEqual would require equal.
 */
export function keyMatches(given: string | null | undefined, expected: string): boolean {
  if (given === null || given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}
