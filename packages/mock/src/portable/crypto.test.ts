import * as node from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash, randomUUID, timingSafeEqual } from './crypto.js';

describe('portable crypto', () => {
  it("hashes like node:crypto's SHA-256, across block boundaries and any Unicode", () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const text = 'é'.repeat(length);
      expect(createHash('sha256').update(text).digest('hex')).toBe(
        node.createHash('sha256').update(text).digest('hex'),
      );
    }
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { maxLength: 4 }), (parts) => {
        const ours = createHash('sha256');
        const theirs = node.createHash('sha256');
        for (const part of parts) {
          ours.update(part, 'utf8');
          theirs.update(part, 'utf8');
        }
        expect(Buffer.from(ours.digest()).equals(theirs.digest())).toBe(true);
      }),
    );
  });

  it("hashes bytes fed in parts like node:crypto's SHA-256 (the artifact's content hash)", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 4 }), (parts) => {
        const ours = createHash('sha256');
        const theirs = node.createHash('sha256');
        for (const part of parts) {
          ours.update(part);
          theirs.update(part);
        }
        expect(ours.digest('hex')).toBe(theirs.digest('hex'));
      }),
    );
  });

  it('refuses what it does not implement, instead of answering wrongly', () => {
    expect(() => createHash('sha1')).toThrow(/sha256 only/);
    expect(() => createHash('sha256').digest('base64' as 'hex')).toThrow(/hex only/);
  });

  it('compares bytes like timingSafeEqual', () => {
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(() => timingSafeEqual(new Uint8Array(1), new Uint8Array(2))).toThrow(RangeError);
  });

  it('makes version 4 UUIDs', () => {
    expect(randomUUID()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUUID()).not.toBe(randomUUID());
  });
});
