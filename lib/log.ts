// Structured logs: one JSON line per event, never message contents or secrets.

/** Whether event logs are printed (TALKROOM_LOG=off silences them, e.g. in benchmarks). */
const enabled = (() => {
  try {
    return Deno.env.get("TALKROOM_LOG") !== "off";
  } catch {
    return true;
  }
})();

/** Logs one event with its fields as a JSON line. */
export function logEvent(
  event: string,
  fields: Record<string, unknown> = {},
): void {
  if (!enabled) return;
  console.log(
    JSON.stringify({ time: new Date().toISOString(), event, ...fields }),
  );
}

/** Logs a failure as one JSON line: what failed, the error's message and stack. */
export function logError(
  event: string,
  err: unknown,
  fields: Record<string, unknown> = {},
): void {
  const error = err instanceof Error
    ? { message: err.message, stack: err.stack }
    : { message: String(err) };
  console.error(
    JSON.stringify({
      time: new Date().toISOString(),
      level: "error",
      event,
      ...fields,
      error,
    }),
  );
}
