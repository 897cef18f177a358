// The logging hook: one event per request sent, response or failure, and retry, with the key redacted.

/** What every log event says about the request it belongs to. */
interface LogBase {
  /** The HTTP method. */
  method: string;
  /** The URL, with the `code` query parameter (the key's other form) redacted. */
  url: string;
  /** 1 for the first attempt of a call, 2 for its first retry, and so on. */
  attempt: number;
}

/** One event of the `logger` hook. Nothing in it holds the API key: it is replaced by `***`. */
export type LogEvent =
  | (LogBase & {
      type: 'request';
      /** The headers sent, lower-cased; the key and any credential header read `***`. */
      headers: Record<string, string>;
    })
  | (LogBase & {
      type: 'response';
      status: number;
      /** The response's `x-request-id`. */
      requestId: string | undefined;
      /** From sending to the last byte of the body. */
      durationMs: number;
    })
  | (LogBase & {
      type: 'error';
      /** The error of this attempt (a timeout, no connection) as name and message, the key redacted. */
      error: { name: string; message: string };
      durationMs: number;
    })
  | (LogBase & {
      type: 'retry';
      /** How long the client waits before sending attempt `attempt`. */
      delayMs: number;
    });

/** Receives every log event; it runs inline, so it should be quick. What it throws is ignored. */
export type Logger = (event: LogEvent) => void;

/** A log event as the client makes it: the request's headers as sent, nothing redacted yet. */
export type RawLogEvent =
  | Exclude<LogEvent, { type: 'request' }>
  | (LogBase & { type: 'request'; headers: HeadersInit });

/** Headers whose values are credentials, shown as `***` whatever they hold. */
const CREDENTIAL_HEADER = /^(x-functions-key|authorization|proxy-authorization|cookie)$/;
const CODE_PARAMETER = /([?&]code=)[^&#\s]*/gi;

/**
 * The logger as the client calls it: each event redacted (the `code` query parameter, credential
 * headers and the key wherever it appears), and a throwing logger unable to fail a request.
 */
export function redactingLogger(logger: Logger, apiKey: string | undefined): (event: RawLogEvent) => void {
  const secrets = apiKey ? [apiKey, encodeURIComponent(apiKey)] : [];
  const text = (value: string) => {
    let safe = value.replace(CODE_PARAMETER, '$1***');
    for (const secret of secrets) safe = safe.replaceAll(secret, '***');
    return safe;
  };
  return (event) => {
    let safe: LogEvent;
    if (event.type === 'request') {
      const headers: Record<string, string> = {};
      for (const [name, value] of new Headers(event.headers)) {
        headers[name] = CREDENTIAL_HEADER.test(name) ? '***' : text(value);
      }
      safe = { ...event, url: text(event.url), headers };
    } else if (event.type === 'error') {
      safe = {
        ...event,
        url: text(event.url),
        error: { name: event.error.name, message: text(event.error.message) },
      };
    } else {
      safe = { ...event, url: text(event.url) };
    }
    try {
      logger(safe);
    } catch {
      // A logger's fault must not become the request's.
    }
  };
}
