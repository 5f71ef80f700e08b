// The app's error vocabulary and the one mapping from error to HTTP status.
import { logError } from "@/lib/log.ts";

/** Base of the errors a user can be told about; `code` is stable for clients. */
export class AppError extends Error {
  readonly status: number = 500;
  readonly code: string = "internal";
}

/** Invalid input; `fields` maps a field name to what is wrong with it. */
export class BadRequestError extends AppError {
  override readonly status = 400;
  override readonly code = "invalid_request";
  constructor(message: string, readonly fields: Record<string, string> = {}) {
    super(message);
    this.name = "BadRequestError";
  }
}

/** No valid session. */
export class UnauthorizedError extends AppError {
  override readonly status = 401;
  override readonly code = "unauthorized";
  constructor(message = "Sign in to continue") {
    super(message);
    this.name = "UnauthorizedError";
  }
}

/** Signed in, but not allowed. */
export class ForbiddenError extends AppError {
  override readonly status = 403;
  override readonly code = "forbidden";
  constructor(message = "You do not have access to this") {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** The thing does not exist (or the caller may not know it does). */
export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly code = "not_found";
  constructor(message = "Not found") {
    super(message);
    this.name = "NotFoundError";
  }
}

/** The request conflicts with the current state (taken slot, bad transition). */
export class ConflictError extends AppError {
  override readonly status = 409;
  override readonly code = "conflict";
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** Too many attempts; `retryAfter` in seconds. */
export class TooManyRequestsError extends AppError {
  override readonly status = 429;
  override readonly code = "too_many_requests";
  constructor(message: string, readonly retryAfter: number) {
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
      `The body is larger than ${
        limit >= 1024 ? `${Math.floor(limit / 1024)} KiB` : `${limit} bytes`
      }`,
    );
    this.name = "PayloadTooLargeError";
  }
}

/** A service the request needs (the database) does not answer; `retryAfter` in seconds. */
export class ServiceUnavailableError extends AppError {
  override readonly status = 503;
  override readonly code = "unavailable";
  constructor(
    message = "The service is unavailable; try again in a moment",
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
 * The JSON error response for any thrown error, the API's one mapping.
 * Unknown errors are logged and answered with a generic 500, never their own
 * text or stack.
 */
export function errorResponse(err: unknown): Response {
  if (!(err instanceof AppError)) {
    logError("api.unhandled_error", err);
    return jsonError(500, "internal", "Something went wrong on the server");
  }
  const fields = err instanceof BadRequestError ? err.fields : undefined;
  return Response.json(errorBody(err.code, err.message, fields), {
    status: err.status,
    headers: errorHeaders(err),
  });
}
