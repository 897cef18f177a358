import { describe, expect, it } from 'vitest';
import { keyMatches } from './keyMatches.js';

describe('keyMatches', () => {
  it('matches only the exact key', () => {
    expect(keyMatches('s3cret', 's3cret')).toBe(true);
    expect(keyMatches('s3cre', 's3cret')).toBe(false);
    expect(keyMatches('s3cret!', 's3cret')).toBe(false);
    expect(keyMatches('S3CRET', 's3cret')).toBe(false);
    expect(keyMatches('', 's3cret')).toBe(false);
  });

  it('never matches an absent key', () => {
    expect(keyMatches(null, 's3cret')).toBe(false);
    expect(keyMatches(undefined, 's3cret')).toBe(false);
  });
});
