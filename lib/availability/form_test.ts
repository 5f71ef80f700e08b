import assert from "node:assert/strict";
import {
  availabilityBodyOf,
  availabilityFormValues,
  formFieldErrors,
} from "@/lib/availability/form.ts";
import { validate } from "@/lib/http/validate.ts";
import { availabilitySchema } from "@/lib/availability/schema.ts";
import { BadRequestError } from "@/lib/errors.ts";

const VIEW = {
  time_zone: "Europe/Berlin",
  weekly: [
    { weekday: 1, start: "09:00", end: "12:00" },
    { weekday: 1, start: "14:00", end: "18:00" },
    { weekday: 6, start: "10:00", end: "24:00" },
  ],
  overrides: [
    { date: "2031-01-01", intervals: [] },
    { date: "2031-01-02", intervals: [{ start: "10:00", end: "11:00" }] },
  ],
  lesson_lengths: [30, 60],
  grid_minutes: 15,
  buffer_before_minutes: 0,
  buffer_after_minutes: 10,
  min_notice_minutes: 720,
  horizon_days: 56,
  requires_confirmation: false,
  request_expiry_hours: 24,
  cancellation_window_hours: 12,
};

Deno.test("the form's values read back as the same rules", () => {
  const values = availabilityFormValues(VIEW);
  assert.equal(values.weekly_1, "09:00-12:00, 14:00-18:00");
  assert.equal(values.weekly_2, "");
  assert.equal(values.override_hours_0, "");
  assert.equal("requires_confirmation" in values, false);
  const { body, errors } = availabilityBodyOf(values);
  assert.deepEqual(errors, {});
  const parsed = validate(availabilitySchema, body);
  assert.deepEqual(parsed.weekly, [
    { weekday: 1, start: 540, end: 720 },
    { weekday: 1, start: 840, end: 1080 },
    { weekday: 6, start: 600, end: 1440 },
  ]);
  assert.deepEqual(parsed.overrides, [
    { date: "2031-01-01", intervals: [] },
    { date: "2031-01-02", intervals: [{ start: 600, end: 660 }] },
  ]);
  assert.equal(parsed.requires_confirmation, false);
  assert.deepEqual(parsed.lesson_lengths, [30, 60]);
});

Deno.test("hours are read leniently (9:00, en dash) and strictly otherwise", () => {
  const values = {
    ...availabilityFormValues(VIEW),
    weekly_2: "9:00 – 10:30,14:00-15:00",
    weekly_3: "mornings",
    override_date_2: "",
    override_hours_2: "10:00-11:00",
  };
  const { body, errors } = availabilityBodyOf(values);
  assert.deepEqual(Object.keys(errors).sort(), [
    "override_date_2",
    "weekly_3",
  ]);
  assert.deepEqual(
    (body.weekly as { weekday: number }[]).filter((w) => w.weekday === 2),
    [
      { weekday: 2, start: "09:00", end: "10:30" },
      { weekday: 2, start: "14:00", end: "15:00" },
    ],
  );
});

Deno.test("schema errors land on the form field they came from", () => {
  const values = {
    ...availabilityFormValues(VIEW),
    weekly_3: "10:00-12:00, 11:00-13:00",
    override_hours_1: "11:00-10:00",
  };
  const { body, mapping } = availabilityBodyOf(values);
  let caught: BadRequestError | null = null;
  try {
    validate(availabilitySchema, body);
  } catch (err) {
    caught = err as BadRequestError;
  }
  assert.ok(caught instanceof BadRequestError);
  const fields = formFieldErrors(caught.fields, mapping);
  assert.match(fields.override_hours_1, /end after/);
  // Overlaps are checked once each interval is valid.
  const fixed = availabilityBodyOf({
    ...values,
    override_hours_1: "10:00-11:00",
  });
  try {
    validate(availabilitySchema, fixed.body);
    assert.fail("overlap accepted");
  } catch (err) {
    const f = formFieldErrors((err as BadRequestError).fields, fixed.mapping);
    assert.match(f.weekly_3, /Overlaps 10:00–12:00 on Wednesday/);
  }
});
