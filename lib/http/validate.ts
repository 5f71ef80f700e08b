// Input validation at the edge: JSON bodies, form posts and query strings are
// parsed with a zod schema, and failures become a BadRequestError that names
// each bad field.
import { z } from "zod";
import { BadRequestError, NotFoundError } from "@/lib/errors.ts";
import { readBodyText } from "@/lib/http/body.ts";

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "body";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** The path of the first string holding a NUL character, which PostgreSQL cannot store. */
function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") {
    return value.includes("\0") ? path.join(".") || "body" : null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = nulPath(v, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Validates a value against a schema.
 * @throws {BadRequestError} listing the bad fields
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = "request",
): z.output<S> {
  const nul = nulPath(value);
  if (nul) {
    throw new BadRequestError(
      `Invalid ${what}: ${nul}: must not contain NUL characters`,
      { [nul]: "Must not contain NUL characters" },
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields = fieldsOf(result.error);
    const summary = Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join(
      "; ",
    );
    throw new BadRequestError(`Invalid ${what}: ${summary}`, fields);
  }
  return result.data;
}

/** A problem with the body as a whole, reported on the `body` field. */
function bodyError(problem: string): BadRequestError {
  return new BadRequestError(`Invalid request: ${problem}`, {
    body: problem.charAt(0).toUpperCase() + problem.slice(1),
  });
}

/**
 * Reads and validates a JSON request body. With `optional`, an empty body
 * is validated as `{}`; `limit` raises the size limit for one route.
 * @throws {BadRequestError} for a non-JSON or invalid body
 * @throws {PayloadTooLargeError} for a body over MAX_BODY_BYTES (or `limit`)
 */
export async function parseJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  options: { optional?: boolean; limit?: number } = {},
): Promise<z.output<S>> {
  const text = await readBodyText(req, options.limit);
  if (options.optional && text.trim() === "") return validate(schema, {});
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw bodyError("the body must be JSON (content-type: application/json)");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bodyError("the body is not valid JSON");
  }
  return validate(schema, value);
}

/**
 * Reads and validates a form post; returns the raw values too, so a form can
 * be shown again with what was typed.
 */
export async function parseForm<S extends z.ZodType>(
  req: Request,
  schema: S,
): Promise<
  { ok: true; data: z.output<S>; values: Record<string, string> } | {
    ok: false;
    error: BadRequestError;
    values: Record<string, string>;
  }
> {
  const params = new URLSearchParams(await readBodyText(req));
  const values: Record<string, string> = {};
  for (const [k, v] of params) values[k] = v;
  try {
    return { ok: true, data: validate(schema, values, "form"), values };
  } catch (err) {
    if (err instanceof BadRequestError) {
      return { ok: false, error: err, values };
    }
    throw err;
  }
}

/** Validates query parameters (each appearing once) against a schema. */
export function parseQuery<S extends z.ZodType>(
  url: URL,
  schema: S,
): z.output<S> {
  const values: Record<string, string> = {};
  for (const [k, v] of url.searchParams) values[k] = v;
  return validate(schema, values, "query");
}

/** The one UUID check: every id in a URL, query or body is one. */
export const uuid = z.uuid({ message: "Must be an id" });

/**
 * A route's id parameter, checked to be a UUID before it reaches SQL. A
 * malformed id is as missing as an unknown one.
 * @throws {NotFoundError} with `message` when it is not a UUID
 */
export function idParam(
  ctx: { params: Record<string, string> },
  message = "Not found",
  name = "id",
): string {
  const value = ctx.params[name];
  if (!uuid.safeParse(value).success) throw new NotFoundError(message);
  return value;
}
