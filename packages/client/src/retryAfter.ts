/**
 * A `Retry-After` header as milliseconds from `now`: delay-seconds or an HTTP-date (past dates
 * give 0); undefined when absent or malformed.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with a day name; this keeps Date.parse from guessing at "1.5".
  const date = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
