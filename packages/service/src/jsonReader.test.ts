import { createRandom } from '@forestfn/model';
import { describe, expect, it } from 'vitest';
import { mutatedBodies } from '../test/hostileBodies.js';
import { JsonReader, JsonSyntaxError } from './jsonReader.js';

/** Whether the reader takes `text` as one JSON value; 'deep' when it refused only for nesting. */
function accepts(text: string): boolean | 'deep' {
  const reader = new JsonReader(text);
  try {
    reader.skipValue();
    reader.end();
    return true;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return error.tooDeep ? 'deep' : false;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('JsonReader', () => {
  it('accepts exactly what JSON.parse accepts, on 10,000 mutated bodies', () => {
    const decoder = new TextDecoder();
    let compared = 0;
    for (const bytes of mutatedBodies(10_000, 7)) {
      const text = decoder.decode(bytes);
      const verdict = accepts(text);
      if (verdict === 'deep') continue;
      expect(verdict, text.slice(0, 200)).toBe(parses(text));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(9_000);
  });

  it.each([
    '',
    ' ',
    '[',
    '[1,]',
    '{"a":1,}',
    '{"a" 1}',
    '{1:1}',
    '"\u0001"',
    '"\\x"',
    '"\\u12"',
    '01',
    '-',
    '1e',
    '1.e1',
    'tru',
    'nul',
    '[1] 2',
    '\ufeff[]',
  ])('refuses %j as JSON.parse does', (text) => {
    expect(parses(text)).toBe(false);
    expect(accepts(text)).toBe(false);
  });

  it.each([
    '"plain"',
    '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
    '"\\u00e9\\uD83D\\uDE00"',
    '"\\ud800"',
    '"\\udc00x"',
    '"é😀"',
  ])('reads the string %j as JSON.parse does', (text) => {
    const reader = new JsonReader(text);
    expect(reader.string(1000)).toEqual({ value: JSON.parse(text), complete: true });
  });

  it('keeps only the first units of a long string and says it is cut', () => {
    expect(new JsonReader(`"${'a'.repeat(100)}"`).string(10)).toEqual({
      value: 'a'.repeat(10),
      complete: false,
    });
    expect(new JsonReader(`"${'\\u0061'.repeat(100)}"`).string(10)).toEqual({
      value: 'a'.repeat(10),
      complete: false,
    });
    expect(new JsonReader('"abc"').string(3)).toEqual({ value: 'abc', complete: true });
  });

  it.each([
    '0',
    '-0',
    '1.5',
    '-1.5e-3',
    '1E+2',
    '1e999',
    '-1e400',
    '1e-400',
    `1${'0'.repeat(400)}`,
    '123456789012345678901',
  ])('reads the number %s as JSON.parse does', (text) => {
    expect(Object.is(new JsonReader(text).number(), JSON.parse(text))).toBe(true);
  });

  it('reads 100,000 random decimal literals exactly as JSON.parse does', () => {
    const random = createRandom(3);
    for (let i = 0; i < 100_000; i += 1) {
      const digits = Array.from({ length: 1 + Math.floor(random() * 18) }, () =>
        Math.floor(random() * 10),
      ).join('');
      const integer = digits.replace(/^0+(?=\d)/, '');
      const cut = Math.floor(random() * integer.length);
      let text = cut > 0 && random() < 0.7 ? `${integer.slice(0, cut)}.${integer.slice(cut)}` : integer;
      if (random() < 0.3) text = `-${text}`;
      if (random() < 0.1) text += `e${Math.floor(random() * 40) - 20}`;
      expect(Object.is(new JsonReader(text).number(), JSON.parse(text)), text).toBe(true);
    }
  });

  it('refuses nesting deeper than 64 levels without recursing', () => {
    expect(accepts(`${'['.repeat(64)}${']'.repeat(64)}`)).toBe(true);
    expect(accepts(`${'['.repeat(65)}${']'.repeat(65)}`)).toBe('deep');
    expect(accepts(`${'['.repeat(500_000)}${']'.repeat(500_000)}`)).toBe('deep');
  });
});
