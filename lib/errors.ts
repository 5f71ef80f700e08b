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

/** The HTTP status for any error: its own for AppErrors, 500 otherwise. */
export function errorStatus(err: unknown): number {
  return err instanceof AppError ? err.status : 500;
}

/**
 * The JSON error response for an error. Unknown errors are logged and answered
 * with a generic message, never their own text or stack.
 */
export function errorResponse(err: unknown): Response {
  if (!(err instanceof AppError)) {
    logError("api.unhandled_error", err);
    return Response.json(
      {
        error: {
          code: "internal",
          message: "Something went wrong on the server",
        },
      },
      { status: 500 },
    );
  }
  const body: {
    code: string;
    message: string;
    fields?: Record<string, string>;
  } = {
    code: err.code,
    message: err.message,
  };
  if (err instanceof BadRequestError && Object.keys(err.fields).length > 0) {
    body.fields = err.fields;
  }
  const headers = new Headers();
  if (err instanceof TooManyRequestsError) {
    headers.set("retry-after", String(err.retryAfter));
  }
  return Response.json({ error: body }, { status: err.status, headers });
}
