// Event logs, never message contents or secrets: one readable line per event
// in a terminal, one JSON line per event otherwise (a log collector reads
// those). TALKROOM_LOG=json or =text chooses; TALKROOM_LOG=off silences.

/** How event lines are written. */
export type LogFormat = "json" | "text" | "off";

/**
 * The format for a TALKROOM_LOG value and whether stdout is a terminal:
 * `off`, `json` and `text` choose; anything else means text in a terminal
 * and JSON when stdout is a pipe or a file.
 */
export function chooseLogFormat(
  setting: string | undefined,
  terminal: boolean,
): LogFormat {
  if (setting === "off" || setting === "json" || setting === "text") {
    return setting;
  }
  return terminal ? "text" : "json";
}

const format: LogFormat = (() => {
  try {
    return chooseLogFormat(
      Deno.env.get("TALKROOM_LOG"),
      Deno.stdout.isTerminal(),
    );
  } catch {
    return "json";
  }
})();

function textValue(value: unknown): string {
  const text = value instanceof Date
    ? value.toISOString()
    : typeof value === "string"
    ? value
    : JSON.stringify(value) ?? String(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

/**
 * One readable line: the time of day (UTC), ERROR for failures, the event,
 * then `key=value` pairs (values with spaces quoted); an error's stack
 * follows on the next lines.
 */
export function formatText(record: Record<string, unknown>): string {
  const { time, level, event, error, ...fields } = record;
  const clock = typeof time === "string" ? time.slice(11, 23) : "";
  const parts = [clock];
  if (level === "error") parts.push("ERROR");
  parts.push(String(event));
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) parts.push(`${key}=${textValue(value)}`);
  }
  let line = parts.join(" ");
  if (error && typeof error === "object") {
    const { message, stack } = error as { message?: string; stack?: string };
    line += `: ${message ?? ""}`;
    if (stack) line += "\n" + stack.split("\n").slice(1).join("\n");
  }
  return line;
}

/** The line for a record in a format (JSON or text). */
export function formatRecord(
  record: Record<string, unknown>,
  as: "json" | "text",
): string {
  return as === "json" ? JSON.stringify(record) : formatText(record);
}

/** Logs one event with its fields. */
export function logEvent(
  event: string,
  fields: Record<string, unknown> = {},
): void {
  if (format === "off") return;
  console.log(
    formatRecord({ time: new Date().toISOString(), event, ...fields }, format),
  );
}

/** Logs a failure (even with TALKROOM_LOG=off): what failed, the error's message and stack. */
export function logError(
  event: string,
  err: unknown,
  fields: Record<string, unknown> = {},
): void {
  const error = err instanceof Error
    ? { message: err.message, stack: err.stack }
    : { message: String(err) };
  console.error(
    formatRecord(
      {
        time: new Date().toISOString(),
        level: "error",
        event,
        ...fields,
        error,
      },
      format === "text" ? "text" : "json",
    ),
  );
}

/**
 * A request path as it may be logged: a calendar feed's path is its secret
 * token, so its log line names the route instead.
 */
export function loggablePath(path: string): string {
  return path.startsWith("/calendar/") ? "/calendar/:token.ics" : path;
}
