import assert from "node:assert/strict";
import {
  chooseLogFormat,
  formatRecord,
  formatText,
  loggablePath,
} from "@/lib/log.ts";

Deno.test("logs are readable text in a terminal and JSON in a pipe unless TALKROOM_LOG says", () => {
  assert.equal(chooseLogFormat(undefined, true), "text");
  assert.equal(chooseLogFormat(undefined, false), "json");
  assert.equal(chooseLogFormat("json", true), "json");
  assert.equal(chooseLogFormat("text", false), "text");
  assert.equal(chooseLogFormat("off", true), "off");
  assert.equal(chooseLogFormat("", true), "text");
});

Deno.test("a text line has the time of day, the event and key=value fields, quoting values with spaces", () => {
  assert.equal(
    formatText({
      time: "2026-12-01T07:34:02.123Z",
      event: "http.request",
      method: "GET",
      path: "/bookings",
      status: 200,
      note: "two words",
      skipped: undefined,
    }),
    '07:34:02.123 http.request method=GET path=/bookings status=200 note="two words"',
  );
});

Deno.test("a text error line says ERROR and the message, with the stack below", () => {
  const err = new Error("Boom");
  const line = formatText({
    time: "2026-12-01T07:34:02.123Z",
    level: "error",
    event: "job.failed",
    job: "reminders",
    error: { message: err.message, stack: err.stack },
  });
  const [first, second] = line.split("\n");
  assert.equal(first, "07:34:02.123 ERROR job.failed job=reminders: Boom");
  assert.match(second, /^\s+at /);
});

Deno.test("the JSON format is one parseable line with every field", () => {
  const record = { time: "2026-12-01T07:34:02.123Z", event: "x", n: 1 };
  const line = formatRecord(record, "json");
  assert.ok(!line.includes("\n"));
  assert.deepEqual(JSON.parse(line), record);
});

Deno.test("loggablePath() keeps a calendar feed's token out of the log", () => {
  assert.equal(
    loggablePath("/calendar/c2VjcmV0LXRva2VuLXZhbHVl.ics"),
    "/calendar/:token.ics",
  );
  assert.equal(loggablePath("/bookings/abc"), "/bookings/abc");
});
