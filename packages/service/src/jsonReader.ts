// A pull reader over JSON text, for request bodies: the caller walks the value it expects and the
// reader checks the grammar as it goes (RFC 8259, as JSON.parse accepts it). Unlike JSON.parse it
// builds nothing the caller did not ask for, so a body can be refused at its first bad byte, and its
// only stack is the caller's (skipValue is iterative), so nesting depth costs no recursion.

/** Containers nested deeper than this are refused (RFC 8259 section 9 lets a parser limit depth). */
export const maxJsonDepth = 64;

/** The text is not JSON, or nests deeper than maxJsonDepth. Carries no part of the input. */
export class JsonSyntaxError extends Error {
  constructor(readonly tooDeep = false) {
    super(tooDeep ? `Nested deeper than ${maxJsonDepth} levels.` : 'Not valid JSON.');
    this.name = 'JsonSyntaxError';
  }
}

/** A string as read: its first `keep` UTF-16 units, and whether that is all of it. */
export interface ReadString {
  value: string;
  complete: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const MINUS = 0x2d;

/** 10^0 to 10^15, each exact as a double. */
const powersOfTen = Array.from({ length: 16 }, (_, i) => 10 ** i);
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const hexValue = (code: number) =>
  code >= 0x30 && code <= 0x39
    ? code - 0x30
    : code >= 0x61 && code <= 0x66
      ? code - 0x57
      : code >= 0x41 && code <= 0x46
        ? code - 0x37
        : -1;
const escapes: Record<number, string> = {
  34: '"',
  92: '\\',
  47: '/',
  98: '\b',
  102: '\f',
  110: '\n',
  114: '\r',
  116: '\t',
};

export class JsonReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  /** Skips whitespace; the next character's code, or -1 at the end. */
  peek(): number {
    const { text } = this;
    let pos = this.pos;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
      pos += 1;
    }
    this.pos = pos;
    return pos < text.length ? text.charCodeAt(pos) : -1;
  }

  /** Consumes `code` (after whitespace) or fails. */
  expect(code: number): void {
    if (this.peek() !== code) throw new JsonSyntaxError();
    this.pos += 1;
  }

  /** Starts an object or array: consumes its opening bracket. */
  open(bracket: typeof OPEN_ARRAY | typeof OPEN_OBJECT): void {
    this.expect(bracket);
  }

  /**
   * Inside an object or array after `open`: true when another member follows (consuming the comma
   * before it), false at the closing bracket (consuming it). `first` is true for the first call.
   */
  more(close: typeof CLOSE_ARRAY | typeof CLOSE_OBJECT, first: boolean): boolean {
    const code = this.peek();
    if (code === close) {
      this.pos += 1;
      return false;
    }
    if (first) return true;
    if (code !== COMMA) throw new JsonSyntaxError();
    this.pos += 1;
    return true;
  }

  /** An object member's name and the colon after it. */
  key(keep: number): ReadString {
    if (this.peek() !== QUOTE) throw new JsonSyntaxError();
    const name = this.string(keep);
    this.expect(COLON);
    return name;
  }

  /** A string value (after whitespace), keeping at most `keep` units of it; the rest is checked only. */
  string(keep: number): ReadString {
    const { text } = this;
    if (text.charCodeAt(this.pos) !== QUOTE) throw new JsonSyntaxError();
    const start = this.pos + 1;
    let pos = start;
    // Fast path: no escapes, the value is a slice.
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code === QUOTE) {
        this.pos = pos + 1;
        const length = pos - start;
        return { value: text.slice(start, start + Math.min(length, keep)), complete: length <= keep };
      }
      if (code === BACKSLASH) break;
      if (code < 0x20 || pos >= text.length) throw new JsonSyntaxError();
      pos += 1;
    }
    let value = text.slice(start, start + Math.min(pos - start, keep));
    for (;;) {
      const code = text.charCodeAt(pos);
      if (pos >= text.length || code < 0x20) throw new JsonSyntaxError();
      if (code === QUOTE) {
        this.pos = pos + 1;
        return { value: value.length > keep ? value.slice(0, keep) : value, complete: value.length <= keep };
      }
      let unit: string;
      if (code === BACKSLASH) {
        const escaped = text.charCodeAt(pos + 1);
        if (escaped === 0x75) {
          let unitCode = 0;
          for (let i = 2; i < 6; i += 1) {
            const digit = hexValue(text.charCodeAt(pos + i));
            if (digit < 0) throw new JsonSyntaxError();
            unitCode = unitCode * 16 + digit;
          }
          unit = String.fromCharCode(unitCode);
          pos += 6;
        } else {
          const plain = escapes[escaped];
          if (plain === undefined) throw new JsonSyntaxError();
          unit = plain;
          pos += 2;
        }
      } else {
        unit = text[pos] as string;
        pos += 1;
      }
      // One unit past `keep` is kept so that `complete` can tell a longer string from an exact fit.
      if (value.length <= keep) value += unit;
    }
  }

  /** A number literal as JSON.parse reads it: ±Infinity when it overflows a double. */
  number(): number {
    const start = this.pos;
    const end = this.numberEnd(start);
    this.pos = end;
    // Fast path for plain decimals (no exponent, at most 15 digits): the digits as an exact integer
    // divided by an exact power of ten is correctly rounded, so it equals what Number() would give.
    const { text } = this;
    let pos = start;
    const negative = text.charCodeAt(pos) === MINUS;
    if (negative) pos += 1;
    let digits = 0;
    let value = 0;
    let scale = 0;
    for (; pos < end; pos += 1) {
      const code = text.charCodeAt(pos);
      if (code === 0x2e) scale = end - pos - 1;
      else if (isDigit(code)) {
        value = value * 10 + (code - 0x30);
        digits += 1;
      } else break;
    }
    if (pos === end && digits <= 15) {
      const result = value / (powersOfTen[scale] as number);
      return negative ? -result : result;
    }
    return Number(text.slice(start, end));
  }

  /** Where the number literal at `start` ends; checks its grammar without computing its value. */
  private numberEnd(start: number): number {
    const { text } = this;
    let pos = start;
    if (text.charCodeAt(pos) === MINUS) pos += 1;
    if (text.charCodeAt(pos) === 0x30) pos += 1;
    else if (isDigit(text.charCodeAt(pos))) while (isDigit(text.charCodeAt(pos))) pos += 1;
    else throw new JsonSyntaxError();
    if (text.charCodeAt(pos) === 0x2e) {
      pos += 1;
      if (!isDigit(text.charCodeAt(pos))) throw new JsonSyntaxError();
      while (isDigit(text.charCodeAt(pos))) pos += 1;
    }
    const exponent = text.charCodeAt(pos);
    if (exponent === 0x65 || exponent === 0x45) {
      pos += 1;
      const sign = text.charCodeAt(pos);
      if (sign === 0x2b || sign === MINUS) pos += 1;
      if (!isDigit(text.charCodeAt(pos))) throw new JsonSyntaxError();
      while (isDigit(text.charCodeAt(pos))) pos += 1;
    }
    return pos;
  }

  /**
   * Skips one value of any kind, checking its grammar, without building it or recursing. Counts depth
   * from where it starts: callers walk at most a few schema levels above it.
   */
  skipValue(): void {
    const first = this.peek();
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
      this.scalar(first);
      return;
    }
    // One bit per open container, set for an object: depth is at most 64, so two words hold them all
    // and skipping allocates nothing.
    let low = 0;
    let high = 0;
    let depth = 0;
    for (;;) {
      let code = this.peek();
      let empty = false;
      // A value: open containers until a scalar or an empty container.
      while (code === OPEN_OBJECT || code === OPEN_ARRAY) {
        const isObject = code === OPEN_OBJECT ? 1 : 0;
        if (depth === maxJsonDepth) throw new JsonSyntaxError(true);
        this.pos += 1;
        code = this.peek();
        if (code === (isObject ? CLOSE_OBJECT : CLOSE_ARRAY)) {
          empty = true;
          break;
        }
        if (depth < 32) low = isObject ? low | (1 << depth) : low & ~(1 << depth);
        else high = isObject ? high | (1 << (depth - 32)) : high & ~(1 << (depth - 32));
        depth += 1;
        if (isObject) {
          this.key(0);
          code = this.peek();
        }
      }
      if (empty) this.pos += 1;
      else this.scalar(code);
      // After a value: close finished containers, or move on to the next member.
      for (;;) {
        if (depth === 0) return;
        const top = depth - 1;
        const isObject = ((top < 32 ? low >>> top : high >>> (top - 32)) & 1) === 1;
        const next = this.peek();
        if (next === COMMA) {
          this.pos += 1;
          if (isObject) this.key(0);
          break;
        }
        if (next !== (isObject ? CLOSE_OBJECT : CLOSE_ARRAY)) throw new JsonSyntaxError();
        this.pos += 1;
        depth -= 1;
      }
    }
  }

  /** Skips a string, number or literal starting with `code`. */
  private scalar(code: number): void {
    if (code === QUOTE) this.string(0);
    else if (code === MINUS || isDigit(code)) this.pos = this.numberEnd(this.pos);
    else this.literal();
  }

  /** true, false or null: the value, or undefined for null. */
  literal(): boolean | undefined {
    for (const [word, value] of literals) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    throw new JsonSyntaxError();
  }

  /** Fails unless only whitespace is left. */
  end(): void {
    if (this.peek() !== -1) throw new JsonSyntaxError();
  }
}

const literals: ReadonlyArray<readonly [string, boolean | undefined]> = [
  ['true', true],
  ['false', false],
  ['null', undefined],
];

export const jsonCodes = {
  QUOTE,
  COMMA,
  OPEN_ARRAY,
  CLOSE_ARRAY,
  OPEN_OBJECT,
  CLOSE_OBJECT,
  MINUS,
  isDigit,
} as const;
