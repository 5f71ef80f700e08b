// The app's error vocabulary and the one mapping from error to HTTP status.
// An error says what went wrong as a catalogue message (a key and its
// params); its `message` is that text in English, for logs and tests, and
// the edges (errorResponse(), lib/http/pages.ts) say it in the viewer's
// locale with messageIn()/fieldsIn().
import { logError } from "@/lib/log.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import { type MessageKey, translate } from "@/lib/i18n/messages.ts";

/** A param of an error text: a value, or another text said in the same locale. */
export type TextParam = string | number | Text;

/** A catalogue message with the values of its `{placeholders}`. */
export interface Text {
  key: MessageKey;
  params?: Record<string, TextParam>;
}

/**
 * What an error says: a catalogue message, or a fixed string (code whose
 * texts are not in the catalogue yet), shown as it is in every locale.
 */
export type ErrorText = Text | string;

/** The catalogue message `key` with `params`, as an error text. */
export function msg(key: MessageKey, params?: Record<string, TextParam>): Text {
  return params ? { key, params } : { key };
}

/** An error text in a locale's words. */
export function renderText(text: ErrorText, locale: string): string {
  if (typeof text === "string") return text;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    params[name] = typeof value === "object"
      ? renderText(value, locale)
      : value;
  }
  return translate(locale, text.key, params);
}

/** Base of the errors a user can be told about; `code` is stable for clients. */
export class AppError extends Error {
  readonly status: number = 500;
  readonly code: string = "internal";
  /** What went wrong; `message` is this in English. */
  readonly text: ErrorText;

  constructor(text: ErrorText) {
    super(renderText(text, DEFAULT_LOCALE));
    this.text = text;
  }

  /** The message in a locale's words. */
  messageIn(locale: string): string {
    return renderText(this.text, locale);
  }
}

/**
 * Invalid input; `fields` maps a field name to what is wrong with it (in
 * English; fieldsIn() says it in a locale).
 */
export class BadRequestError extends AppError {
  override readonly status = 400;
  override readonly code = "invalid_request";
  readonly fields: Record<string, string>;

  constructor(
    message: ErrorText,
    readonly fieldTexts: Record<string, ErrorText> = {},
  ) {
    super(message);
    this.name = "BadRequestError";
    this.fields = this.fieldsIn(DEFAULT_LOCALE);
  }

  /** What is wrong with each field, in a locale's words. */
  fieldsIn(locale: string): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const [name, text] of Object.entries(this.fieldTexts)) {
      fields[name] = renderText(text, locale);
    }
    return fields;
  }
}

/** No valid session. */
export class UnauthorizedError extends AppError {
  override readonly status = 401;
  override readonly code = "unauthorized";
  constructor(message: ErrorText = msg("error.unauthorized")) {
    super(message);
    this.name = "UnauthorizedError";
  }
}

/** Signed in, but not allowed. */
export class ForbiddenError extends AppError {
  override readonly status = 403;
  override readonly code = "forbidden";
  constructor(message: ErrorText = msg("error.forbidden")) {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** The thing does not exist (or the caller may not know it does). */
export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly code = "not_found";
  constructor(message: ErrorText = msg("error.notFound")) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** The request conflicts with the current state (taken slot, bad transition). */
export class ConflictError extends AppError {
  override readonly status = 409;
  override readonly code = "conflict";
  constructor(message: ErrorText) {
    super(message);
    this.name = "ConflictError";
  }
}

/** Too many attempts; `retryAfter` in seconds. */
export class TooManyRequestsError extends AppError {
  override readonly status = 429;
  override readonly code = "too_many_requests";
  constructor(message: ErrorText, readonly retryAfter: number) {
    super(message);
    this.name = "TooManyRequestsError";
  }
}

/** A request body over the size the server reads; `limit` in bytes. */
export class PayloadTooLargeError extends AppError {
  override readonly status = 413;
  override readonly code = "payload_too_large";
  constructor(readonly limit: number) {
    super(
      limit >= 1024
        // Limits as plain digits, as everywhere (a number would be grouped).
        ? msg("error.bodyTooLarge.kib", {
          count: String(Math.floor(limit / 1024)),
        })
        : msg("error.bodyTooLarge.bytes", { count: String(limit) }),
    );
    this.name = "PayloadTooLargeError";
  }
}

/** A service the request needs (the database) does not answer; `retryAfter` in seconds. */
export class ServiceUnavailableError extends AppError {
  override readonly status = 503;
  override readonly code = "unavailable";
  constructor(
    message: ErrorText = msg("error.unavailable"),
    readonly retryAfter = 5,
  ) {
    super(message);
    this.name = "ServiceUnavailableError";
  }
}

/** The headers an error's answer carries (Retry-After for 429 and 503). */
export function errorHeaders(err: unknown): Headers {
  const headers = new Headers({ "cache-control": "no-store" });
  if (
    err instanceof TooManyRequestsError ||
    err instanceof ServiceUnavailableError
  ) {
    headers.set("retry-after", String(err.retryAfter));
  }
  return headers;
}

/** The API's error body: `{"error": {"code", "message", "fields"?}}`. */
export function errorBody(
  code: string,
  message: string,
  fields?: Record<string, string>,
): {
  error: { code: string; message: string; fields?: Record<string, string> };
} {
  return fields && Object.keys(fields).length > 0
    ? { error: { code, message, fields } }
    : { error: { code, message } };
}

/** A JSON error response that is never cached; for refusals that are not thrown. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  headers?: HeadersInit,
): Response {
  const h = new Headers(headers);
  h.set("cache-control", "no-store");
  return Response.json(errorBody(code, message), { status, headers: h });
}

/**
 * The JSON error response for any thrown error, the API's one mapping, its
 * message and fields in `locale`'s words. Unknown errors are logged and
 * answered with a generic 500, never their own text or stack.
 */
export function errorResponse(
  err: unknown,
  locale: string = DEFAULT_LOCALE,
): Response {
  if (!(err instanceof AppError)) {
    logError("api.unhandled_error", err);
    return jsonError(500, "internal", translate(locale, "error.internal"));
  }
  const fields = err instanceof BadRequestError
    ? err.fieldsIn(locale)
    : undefined;
  return Response.json(errorBody(err.code, err.messageIn(locale), fields), {
    status: err.status,
    headers: errorHeaders(err),
  });
}
