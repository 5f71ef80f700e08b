// Input validation at the edge: JSON bodies, form posts and query strings are
// parsed with a zod schema, and failures become a BadRequestError that names
// each bad field. A schema's messages are catalogue keys (`issue()`); the
// error says them in any locale.
import { z } from "zod";
import {
  BadRequestError,
  type ErrorText,
  msg,
  NotFoundError,
  renderText,
  type Text,
  type TextParam,
} from "@/lib/errors.ts";
import { readBodyText } from "@/lib/http/body.ts";
import { en } from "@/lib/i18n/en.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

// The messages issue() made with params, by the string zod carries.
const withParams = new Map<string, Text>();

/**
 * A schema's message: a catalogue key (checked by the compiler), or with
 * `params`, a string standing for the key and its params. A length or size
 * limit's message gets the limit as `{count}`; a custom issue's `params`
 * fill the rest. Schemas call it once, when their module loads.
 */
export function issue(
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  if (!params) return key;
  const token = `${key} ${JSON.stringify(params)}`;
  withParams.set(token, msg(key, params));
  return token;
}

// The catalogue message a zod message stands for, if it is one.
function messageOf(text: string): Text | null {
  if (Object.hasOwn(en, text)) return msg(text as MessageKey);
  return withParams.get(text) ?? null;
}

/**
 * What a zod issue says: its catalogue message with the issue's limit
 * (digits as they are, like the English texts always wrote them) and
 * params; zod's own English for a check without a message of ours.
 */
export function issueText(issue: z.core.$ZodIssue): ErrorText {
  const message = messageOf(issue.message);
  if (!message) return issue.message;
  const params: Record<string, TextParam> = {};
  if (issue.code === "too_small") params.count = String(issue.minimum);
  if (issue.code === "too_big") params.count = String(issue.maximum);
  if (issue.code === "custom") Object.assign(params, issue.params);
  return msg(message.key, { ...params, ...message.params });
}

function fieldsOf(error: z.ZodError): Record<string, ErrorText> {
  const fields: Record<string, ErrorText> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "body";
    fields[key] ??= issueText(issue);
  }
  return fields;
}

// What was invalid, by the `what` validate() is given.
const INVALID = {
  request: "error.invalid.request",
  form: "error.invalid.form",
  query: "error.invalid.query",
} as const satisfies Record<string, MessageKey>;

/**
 * Invalid input as validate() finds it: the message lists every bad field
 * with what is wrong with it, in the locale it is said in.
 */
class InvalidInputError extends BadRequestError {
  constructor(
    readonly what: keyof typeof INVALID,
    fields: Record<string, ErrorText>,
  ) {
    super(msg(INVALID[what], { problems: "" }), fields);
    // The English message, now that the fields are known.
    this.message = this.messageIn(DEFAULT_LOCALE);
  }

  override messageIn(locale: string): string {
    const problems = Object.entries(this.fieldsIn(locale))
      .map(([k, v]) => `${k}: ${v}`).join("; ");
    return renderText(msg(INVALID[this.what], { problems }), locale);
  }
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
  what: keyof typeof INVALID = "request",
): z.output<S> {
  const nul = nulPath(value);
  if (nul) {
    throw new BadRequestError(
      msg(INVALID[what], { problems: msg("error.nul.inline", { path: nul }) }),
      { [nul]: msg("error.nul") },
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InvalidInputError(what, fieldsOf(result.error));
  }
  return result.data;
}

/**
 * A problem with the body as a whole, reported on the `body` field: `key`
 * is the problem as a sentence, `key` + ".inline" the same words inside
 * the message.
 */
function bodyError(
  key: "error.body.notJson" | "error.body.invalidJson",
): BadRequestError {
  return new BadRequestError(
    msg("error.invalid.request", { problems: msg(`${key}.inline`) }),
    { body: msg(key) },
  );
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
    throw bodyError("error.body.notJson");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bodyError("error.body.invalidJson");
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
export const uuid = z.uuid({ message: issue("error.field.id") });

/**
 * A route's id parameter, checked to be a UUID before it reaches SQL. A
 * malformed id is as missing as an unknown one.
 * @throws {NotFoundError} with `message` when it is not a UUID
 */
export function idParam(
  ctx: { params: Record<string, string> },
  message: ErrorText = msg("error.notFound"),
  name = "id",
): string {
  const value = ctx.params[name];
  if (!uuid.safeParse(value).success) throw new NotFoundError(message);
  return value;
}
