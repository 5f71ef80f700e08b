import assert from "node:assert/strict";
import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatList,
  formatRange,
  formatSpan,
  formatTime,
} from "@/lib/format.ts";

const start = new Date("2026-11-26T17:30:00Z");
const end = new Date("2026-11-26T18:30:00Z");

Deno.test("formatTime() uses the locale's clock", () => {
  assert.equal(formatTime(start, "UTC", "en-GB"), "17:30");
  assert.equal(formatTime(start, "UTC", "de-DE"), "17:30");
  assert.match(formatTime(start, "UTC", "en-US"), /^5:30\sPM$/);
  // English on a 24-hour clock when no locale is given.
  assert.equal(formatTime(start, "UTC"), "17:30");
});

Deno.test("formatDateTime() writes the date as the locale does", () => {
  assert.equal(
    formatDateTime(start, "Europe/Berlin", "en-GB"),
    "Thu, 26 Nov 2026, 18:30",
  );
  assert.match(
    formatDateTime(start, "Europe/Berlin", "en-US"),
    /^Thu, Nov 26, 2026, 6:30\sPM$/,
  );
  assert.match(
    formatDateTime(start, "Europe/Berlin", "de-DE"),
    /^Do\., 26\. Nov\. 2026, 18:30/,
  );
  assert.equal(formatDate(start, "Europe/Berlin", "en-GB"), "Thu, 26 Nov 2026");
});

Deno.test("formatRange() joins start and end and names the zone", () => {
  assert.equal(
    formatRange(start, end, "Europe/Berlin", "en-GB"),
    "Thu, 26 Nov 2026, 18:30–19:30 (Europe/Berlin)",
  );
  assert.match(
    formatRange(start, end, "America/New_York", "en-US"),
    /^Thu, Nov 26, 2026, 12:30\s–\s1:30\sPM \(America\/New_York\)$/,
  );
});

Deno.test("formatSpan() names whole days, hours or minutes with plurals", () => {
  assert.equal(formatSpan(1, "en-GB"), "1 minute");
  assert.equal(formatSpan(90, "en-GB"), "90 minutes");
  assert.equal(formatSpan(60, "en-GB"), "1 hour");
  assert.equal(formatSpan(720, "en-GB"), "12 hours");
  assert.equal(formatSpan(1440, "en-GB"), "24 hours");
  assert.equal(formatSpan(2880, "en-GB"), "2 days");
  assert.equal(formatSpan(120, "de-DE"), "2 Stunden");
});

Deno.test("formatList() lists as the locale does, in each style", () => {
  assert.equal(formatList(["Ada", "Sam"], "en-GB"), "Ada and Sam");
  assert.equal(
    formatList(["French", "German", "Spanish"], "en-GB", {
      type: "unit",
      style: "short",
    }),
    "French, German, Spanish",
  );
  // The conjunction is not taken from the cached unit list, nor the other way.
  assert.equal(formatList(["to Fri", "late"], "en-GB"), "to Fri and late");
  assert.equal(
    formatList(["to Fri", "late"], "en-GB", { type: "unit" }),
    "to Fri, late",
  );
});

Deno.test("formatDuration() drops seconds from an hour on and shows zero", () => {
  assert.equal(formatDuration(3900, "en-GB"), "1 hr, 5 mins");
  assert.equal(formatDuration(750, "en-GB"), "12 mins, 30 secs");
  assert.equal(formatDuration(0, "en-GB"), "0 secs");
  // The zero's formatter is not the one for other durations.
  assert.equal(formatDuration(60, "en-GB"), "1 min");
});
