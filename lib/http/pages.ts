// Helpers for HTML page routes: redirects, the answer for an error a page
// threw, and form re-renders with field errors, in the request's locale.
import type { FreshContext } from "$fresh/server.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import {
  AppError,
  BadRequestError,
  ConflictError,
  errorHeaders,
  PayloadTooLargeError,
  UnauthorizedError,
} from "@/lib/errors.ts";

/** A redirect after a form post (303, so the browser follows with GET). */
export function redirect(location: string, status = 303): Response {
  return new Response(null, { status, headers: { location } });
}

// Where to send an anonymous visitor: the login page, then back here.
function loginRedirect(url: URL): Response {
  const next = url.pathname + url.search;
  return redirect(`/login?next=${encodeURIComponent(next)}`, 303);
}

/** What routes/_404.tsx shows for an expected refusal other than 404. */
export interface RefusalPageData {
  kind: "refusal";
  status: number;
  /** The app's own user-facing message. */
  message: string;
}

/** True for the data pageErrorResponse() hands to the not-found renderer. */
export function isRefusalPageData(data: unknown): data is RefusalPageData {
  return typeof data === "object" && data !== null &&
    (data as { kind?: unknown }).kind === "refusal";
}

// The locale routes/_middleware.ts put on the state (English before it ran).
function stateLocale(state: unknown): string {
  const locale = (state as { locale?: unknown } | undefined)?.locale;
  return typeof locale === "string" ? locale : DEFAULT_LOCALE;
}

/**
 * The page answer for an error a page route threw, without the 500 page:
 * 401 → the login page with `next`, 404 → the not-found page, 413 → a plain
 * error, other refusals (403, 409, 429, 503) → the refusal page with their
 * status and Retry-After where it applies. Messages are in the locale on
 * `ctx.state`.
 * @throws the error itself when it is not one of the app's (a crash: the 500 page)
 */
export async function pageErrorResponse(
  ctx: Pick<FreshContext, "url" | "renderNotFound"> & { state?: unknown },
  err: unknown,
): Promise<Response> {
  if (!(err instanceof AppError)) throw err;
  if (err instanceof UnauthorizedError) return loginRedirect(ctx.url);
  const headers = errorHeaders(err);
  const message = err.messageIn(stateLocale(ctx.state));
  if (err instanceof PayloadTooLargeError) {
    headers.set("content-type", "text/plain; charset=utf-8");
    return new Response(message, { status: err.status, headers });
  }
  const data: RefusalPageData | undefined = err.status === 404
    ? undefined
    : { kind: "refusal", status: err.status, message };
  const res = await ctx.renderNotFound(data);
  for (const [name, value] of headers) res.headers.set(name, value);
  return res;
}

/** A form post that could not be carried out, as the form shows it. */
export interface FormProblem {
  /** The status to answer with (400, 409, …). */
  status: number;
  /** Field name → what is wrong with it. */
  fields: Record<string, string>;
  /** A message about the whole form; null when the fields say it all. */
  message: string | null;
  /** Headers the answer carries (Retry-After for 429). */
  headers: Headers;
}

/** The FormProblem an expected error describes, in `locale`'s words. */
export function formProblem(
  err: AppError,
  locale: string = DEFAULT_LOCALE,
): FormProblem {
  const fields = err instanceof BadRequestError ? err.fieldsIn(locale) : {};
  return {
    status: err.status,
    fields,
    message: Object.keys(fields).length > 0 ? null : err.messageIn(locale),
    headers: errorHeaders(err),
  };
}

// deno-lint-ignore no-explicit-any
type ErrorClass = abstract new (...args: any[]) => AppError;

/** The errors a form shows by default: invalid input and conflicts. */
const FORM_ERRORS: readonly ErrorClass[] = [
  BadRequestError,
  ConflictError,
];

/**
 * Runs a form post's action. When it throws one of `shown` (by default
 * FORM_ERRORS), the form is rendered again by `rerender` with the problem in
 * `locale`'s words; any other error goes on to the error pages.
 */
export async function withFormErrors(
  action: () => Promise<Response>,
  rerender: (problem: FormProblem) => Response | Promise<Response>,
  locale: string = DEFAULT_LOCALE,
  shown: readonly ErrorClass[] = FORM_ERRORS,
): Promise<Response> {
  try {
    return await action();
  } catch (err) {
    if (!(err instanceof AppError) || !shown.some((c) => err instanceof c)) {
      throw err;
    }
    const problem = formProblem(err, locale);
    const res = await rerender(problem);
    for (const [name, value] of problem.headers) res.headers.set(name, value);
    return res;
  }
}
