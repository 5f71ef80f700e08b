// Where the browser goes after signing in or registering.

/** Where a signed-in user goes when `next` is missing or refused. */
export const DEFAULT_NEXT = "/bookings";

// Any origin works: a same-origin path resolves against it and keeps it.
const BASE = "https://talkroom.invalid";
// C0 and C1 controls, DEL and the backslash, which browsers read as a slash.
// deno-lint-ignore no-control-regex
const REFUSED = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * The path to follow after sign-in: `value` when it is a path on this origin,
 * re-serialised (so it never holds a control character or a line break),
 * else DEFAULT_NEXT. Refuses anything that is not a string starting with a
 * single `/`, holds a control character or a backslash, or resolves to
 * another origin (`//evil.example`, `/\t/evil.example`).
 */
export function safeNext(value: string | null | undefined): string {
  if (
    typeof value !== "string" || !value.startsWith("/") ||
    REFUSED.test(value)
  ) {
    return DEFAULT_NEXT;
  }
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== BASE) return DEFAULT_NEXT;
  return url.pathname + url.search + url.hash;
}
