import assert from "node:assert/strict";
import {
  type Availability,
  checkBookableTime,
  computeBookableTimes,
} from "@/lib/availability/compute.ts";
import {
  type AvailabilityRules,
  DEFAULT_POLICY,
  type WeeklyInterval,
} from "@/lib/availability/rules.ts";

const NOW = new Date("2026-03-01T00:00:00Z");

function rules(
  time_zone: string,
  weekly: WeeklyInterval[],
  more: Partial<AvailabilityRules> = {},
): AvailabilityRules {
  return {
    ...DEFAULT_POLICY,
    min_notice_minutes: 0,
    horizon_days: 366,
    time_zone,
    weekly,
    overrides: [],
    ...more,
  };
}

const h = (hh: number, mm = 0) => hh * 60 + mm;

function starts(
  availability: Availability,
  from: string,
  to: string,
  lengthMinutes: number,
  now = NOW,
): string[] {
  return computeBookableTimes(availability, {
    from: new Date(from),
    to: new Date(to),
    lengthMinutes,
  }, now).map((t) => t.start_at.toISOString().slice(0, 16));
}

function only(r: AvailabilityRules): Availability {
  return { rules: r, busy: [], slots: [] };
}

Deno.test("a weekly 10:00 lesson stays 10:00 local across Berlin's spring change", () => {
  const a = only(
    rules("Europe/Berlin", [{ weekday: 1, start: h(10), end: h(11) }]),
  );
  assert.deepEqual(
    starts(a, "2026-03-22T00:00Z", "2026-04-01T00:00Z", 60),
    ["2026-03-23T09:00", "2026-03-30T08:00"],
  );
});

Deno.test("a weekly 10:00 lesson stays 10:00 local across New York's fall change", () => {
  const a = only(
    rules("America/New_York", [{ weekday: 1, start: h(10), end: h(11) }]),
  );
  assert.deepEqual(
    starts(a, "2026-10-25T00:00Z", "2026-11-04T00:00Z", 60),
    ["2026-10-26T14:00", "2026-11-02T15:00"],
  );
});

Deno.test("Berlin spring forward: starts the clock skips are not offered", () => {
  // Sunday 29 March 2026: 02:00 CET jumps to 03:00 CEST.
  const a = only(
    rules("Europe/Berlin", [{ weekday: 7, start: h(1), end: h(5) }]),
  );
  assert.deepEqual(
    starts(a, "2026-03-28T12:00Z", "2026-03-29T12:00Z", 30),
    [
      "2026-03-29T00:00", // 01:00 CET
      "2026-03-29T00:30", // 01:30 CET
      "2026-03-29T01:00", // 03:00 CEST (02:00 and 02:30 do not exist)
      "2026-03-29T01:30",
      "2026-03-29T02:00",
      "2026-03-29T02:30", // 04:30 CEST, ends at the interval's 05:00
    ],
  );
});

Deno.test("Berlin fall back: a repeated start is offered once, at its first occurrence", () => {
  // Sunday 25 October 2026: 03:00 CEST goes back to 02:00 CET.
  const a = only(
    rules("Europe/Berlin", [{ weekday: 7, start: h(1), end: h(4) }]),
  );
  assert.deepEqual(
    starts(a, "2026-10-24T12:00Z", "2026-10-25T12:00Z", 30),
    [
      "2026-10-24T23:00", // 01:00 CEST
      "2026-10-24T23:30",
      "2026-10-25T00:00", // the first 02:00 (CEST)
      "2026-10-25T00:30", // the first 02:30
      "2026-10-25T02:00", // 03:00 CET
      "2026-10-25T02:30", // 03:30 CET; the interval holds 4 real hours
    ],
  );
});

Deno.test("New York spring forward: a lesson must end by the interval's wall-clock end", () => {
  // Sunday 8 March 2026: 02:00 EST jumps to 03:00 EDT.
  const a = only(
    rules("America/New_York", [{ weekday: 7, start: h(1), end: h(4) }]),
  );
  assert.deepEqual(
    starts(a, "2026-03-08T00:00Z", "2026-03-09T00:00Z", 60),
    ["2026-03-08T06:00", "2026-03-08T06:30", "2026-03-08T07:00"],
  );
});

Deno.test("New York fall back: the repeated 01:00 is offered once", () => {
  // Sunday 1 November 2026: 02:00 EDT goes back to 01:00 EST.
  const a = only(
    rules("America/New_York", [{ weekday: 7, start: h(0), end: h(3) }], {
      grid_minutes: 30,
    }),
  );
  assert.deepEqual(
    starts(a, "2026-11-01T00:00Z", "2026-11-02T00:00Z", 60),
    [
      "2026-11-01T04:00", // 00:00 EDT
      "2026-11-01T04:30",
      "2026-11-01T05:00", // the first 01:00 (EDT)
      "2026-11-01T05:30",
      "2026-11-01T07:00", // 02:00 EST
    ],
  );
});

Deno.test("a date override replaces the weekday's hours; an empty one is a day off", () => {
  const weekly = [{ weekday: 2, start: h(9), end: h(10) }];
  const a = only(
    rules("UTC", weekly, {
      overrides: [
        { date: "2026-03-03", intervals: [{ start: h(14), end: h(15) }] },
        { date: "2026-03-10", intervals: [] },
        { date: "2026-03-12", intervals: [{ start: h(8), end: h(9) }] },
      ],
    }),
  );
  assert.deepEqual(
    starts(a, "2026-03-02T00:00Z", "2026-03-20T00:00Z", 60),
    ["2026-03-03T14:00", "2026-03-12T08:00", "2026-03-17T09:00"],
  );
});

Deno.test("starts follow the grid from local midnight and fit the lesson in the interval", () => {
  const a = only(
    rules("UTC", [{ weekday: 1, start: h(9, 10), end: h(10, 30) }], {
      grid_minutes: 15,
    }),
  );
  assert.deepEqual(
    starts(a, "2026-03-02T00:00Z", "2026-03-03T00:00Z", 45),
    ["2026-03-02T09:15", "2026-03-02T09:30", "2026-03-02T09:45"],
  );
  assert.deepEqual(starts(a, "2026-03-02T00:00Z", "2026-03-03T00:00Z", 90), []);
});

Deno.test("minimum notice and horizon bound the times", () => {
  const a = only(
    rules(
      "UTC",
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        start: h(12),
        end: h(13),
      })),
      { min_notice_minutes: 36 * 60, horizon_days: 4 },
    ),
  );
  // Now is Sunday 1 March 00:00: 1 March 12:00 is inside the notice, 5 March
  // 12:00 is past the 4-day horizon.
  assert.deepEqual(
    starts(a, "2026-03-01T00:00Z", "2026-03-10T00:00Z", 60),
    ["2026-03-02T12:00", "2026-03-03T12:00", "2026-03-04T12:00"],
  );
});

Deno.test("bookings and both sides' buffers take times away", () => {
  const a: Availability = {
    rules: rules("UTC", [{ weekday: 1, start: h(9), end: h(14) }], {
      buffer_before_minutes: 15,
      buffer_after_minutes: 0,
    }),
    // 10:00–11:00 with a 15-minute buffer after it.
    busy: [{
      from: new Date("2026-03-02T10:00Z"),
      until: new Date("2026-03-02T11:15Z"),
    }],
    slots: [],
  };
  assert.deepEqual(
    starts(a, "2026-03-02T00:00Z", "2026-03-03T00:00Z", 30),
    [
      "2026-03-02T09:00", // ends 09:30, fine
      // 09:30 ends 10:00 but a 30-minute start at 09:30 is fine too:
      "2026-03-02T09:30",
      // 11:00 overlaps the booking's buffer; 11:30's own 15-minute buffer
      // before starts at 11:15, just free.
      "2026-03-02T11:30",
      "2026-03-02T12:00",
      "2026-03-02T12:30",
      "2026-03-02T13:00",
      "2026-03-02T13:30",
    ],
  );
  // The new lesson's own buffer before: 10:00 booking blocks from 10:00, so a
  // 09:30–10:00 lesson fits, but not with a buffer after.
  a.rules.buffer_after_minutes = 5;
  assert.equal(
    starts(a, "2026-03-02T09:30Z", "2026-03-02T09:31Z", 30).length,
    0,
  );
});

Deno.test("a one-off slot is offered for its own length, even outside the rules", () => {
  const a: Availability = {
    rules: rules("UTC", [], { min_notice_minutes: 24 * 60 }),
    busy: [],
    slots: [{
      id: "s1",
      start_at: new Date("2026-03-01T02:00Z"),
      end_at: new Date("2026-03-01T02:50Z"),
    }],
  };
  const [time] = computeBookableTimes(a, {
    from: new Date("2026-03-01T00:00Z"),
    to: new Date("2026-03-02T00:00Z"),
    lengthMinutes: 50,
  }, NOW);
  assert.equal(time.slot_id, "s1");
  assert.equal(
    starts(a, "2026-03-01T00:00Z", "2026-03-02T00:00Z", 60).length,
    0,
  );
});

Deno.test("checkBookableTime() says why a time cannot be booked", () => {
  const a: Availability = {
    rules: rules("UTC", [{ weekday: 1, start: h(9), end: h(12) }], {
      min_notice_minutes: 24 * 60,
      horizon_days: 14,
    }),
    busy: [{
      from: new Date("2026-03-09T10:00Z"),
      until: new Date("2026-03-09T11:00Z"),
    }],
    slots: [],
  };
  const check = (iso: string, length = 60, now = NOW) =>
    checkBookableTime(a, new Date(iso), length, now);
  const ok = check("2026-03-09T09:00Z");
  assert.ok(ok.ok);
  assert.equal(ok.time.end_at.toISOString(), "2026-03-09T10:00:00.000Z");
  assert.deepEqual(check("2026-02-23T09:00Z"), { ok: false, reason: "past" });
  assert.deepEqual(check("2026-03-09T09:00Z", 50), {
    ok: false,
    reason: "length",
  });
  assert.deepEqual(check("2026-03-09T10:30Z"), { ok: false, reason: "taken" });
  assert.deepEqual(check("2026-03-09T09:15Z"), {
    ok: false,
    reason: "outside_rules",
  });
  assert.deepEqual(check("2026-03-09T13:00Z"), {
    ok: false,
    reason: "outside_rules",
  });
  assert.deepEqual(
    check("2026-03-02T09:00Z", 60, new Date("2026-03-01T12:00Z")),
    { ok: false, reason: "min_notice" },
  );
  assert.deepEqual(check("2026-03-16T09:00Z"), {
    ok: false,
    reason: "horizon",
  });
});
