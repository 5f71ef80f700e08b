// The availability editor's form (routes/availability.tsx) as plain data:
// the rules shown as form values, the posted values turned into the API's
// body (so availabilitySchema checks both alike), and the schema's field
// paths turned back into the form's field names.
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import { translate } from "@/lib/i18n/messages.ts";
import type { AvailabilityView } from "@/lib/availability/edit.ts";

/** Empty date-override rows the form offers for new dates. */
export const NEW_OVERRIDE_ROWS = 3;

/** "09:00-12:00, 14:00-18:00" for a list of intervals. */
export function formatHours(list: { start: string; end: string }[]): string {
  return list.map((i) => `${i.start}-${i.end}`).join(", ");
}

/** The form's values for a teacher's rules. */
export function availabilityFormValues(
  view: AvailabilityView,
): Record<string, string> {
  const values: Record<string, string> = {
    time_zone: view.time_zone,
    lesson_lengths: view.lesson_lengths.join(", "),
    grid_minutes: String(view.grid_minutes),
    buffer_before_minutes: String(view.buffer_before_minutes),
    buffer_after_minutes: String(view.buffer_after_minutes),
    min_notice_minutes: String(view.min_notice_minutes),
    horizon_days: String(view.horizon_days),
    request_expiry_hours: String(view.request_expiry_hours),
    cancellation_window_hours: String(view.cancellation_window_hours),
  };
  if (view.requires_confirmation) values.requires_confirmation = "on";
  for (let day = 1; day <= 7; day++) {
    values[`weekly_${day}`] = formatHours(
      view.weekly.filter((w) => w.weekday === day),
    );
  }
  view.overrides.forEach((o, i) => {
    values[`override_date_${i}`] = o.date;
    values[`override_hours_${i}`] = formatHours(o.intervals);
  });
  return values;
}

/** How many override rows the posted or shown values hold. */
export function overrideRowCount(values: Record<string, string>): number {
  let n = 0;
  while (`override_date_${n}` in values) n++;
  return n;
}

// "09:00-12:00, 14:00-18:00" → intervals, or null when it cannot be read.
function parseHours(text: string): { start: string; end: string }[] | null {
  const parts = text.split(",").map((p) => p.trim()).filter(Boolean);
  const list = [];
  for (const part of parts) {
    const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!m) return null;
    const pad = (t: string) => t.padStart(5, "0");
    list.push({ start: pad(m[1]), end: pad(m[2]) });
  }
  return list;
}

// A number field as typed: a number when it looks like one, else the text
// (which the schema then refuses on that field).
function num(text: string | undefined): unknown {
  const t = (text ?? "").trim();
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

/** Where the posted form's parts land in the body, for mapping errors back. */
export interface FormMapping {
  /** Body index of `weekly` → form field. */
  weekly: string[];
  /** Body index of `overrides` → form row. */
  overrides: number[];
}

/**
 * The API body for the posted form, the mapping of its lists back to form
 * fields, and the errors found while reading the text fields (in
 * `locale`'s words).
 */
export function availabilityBodyOf(
  values: Record<string, string>,
  locale: string = DEFAULT_LOCALE,
): {
  body: Record<string, unknown>;
  mapping: FormMapping;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const hoursHint = translate(locale, "error.availability.hours");
  const weekly: { weekday: number; start: string; end: string }[] = [];
  const mapping: FormMapping = { weekly: [], overrides: [] };
  for (let day = 1; day <= 7; day++) {
    const field = `weekly_${day}`;
    const hours = parseHours(values[field] ?? "");
    if (!hours) {
      errors[field] = hoursHint;
      continue;
    }
    for (const h of hours) {
      weekly.push({ weekday: day, ...h });
      mapping.weekly.push(field);
    }
  }
  const overrides: {
    date: string;
    intervals: { start: string; end: string }[];
  }[] = [];
  for (let row = 0; row < overrideRowCount(values); row++) {
    const date = (values[`override_date_${row}`] ?? "").trim();
    const text = (values[`override_hours_${row}`] ?? "").trim();
    if (!date) {
      if (text) {
        errors[`override_date_${row}`] = translate(
          locale,
          "error.availability.chooseDate",
        );
      }
      continue;
    }
    const hours = parseHours(text);
    if (!hours) {
      errors[`override_hours_${row}`] = hoursHint;
      continue;
    }
    overrides.push({ date, intervals: hours });
    mapping.overrides.push(row);
  }
  const lengths = (values.lesson_lengths ?? "").split(",").map((s) => s.trim())
    .filter(Boolean).map(num);
  return {
    body: {
      time_zone: (values.time_zone ?? "").trim(),
      weekly,
      overrides,
      lesson_lengths: lengths,
      grid_minutes: num(values.grid_minutes),
      buffer_before_minutes: num(values.buffer_before_minutes),
      buffer_after_minutes: num(values.buffer_after_minutes),
      min_notice_minutes: num(values.min_notice_minutes),
      horizon_days: num(values.horizon_days),
      requires_confirmation: values.requires_confirmation === "on",
      request_expiry_hours: num(values.request_expiry_hours),
      cancellation_window_hours: num(values.cancellation_window_hours),
    },
    mapping,
    errors,
  };
}

/** The schema's field errors (paths like `weekly.3.start`) as form fields. */
export function formFieldErrors(
  fields: Record<string, string>,
  mapping: FormMapping,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const [head, index, ...rest] = path.split(".");
    let field = head;
    if (head === "weekly" && index !== undefined) {
      field = mapping.weekly[Number(index)] ?? "weekly_1";
    } else if (head === "overrides" && index !== undefined) {
      const row = mapping.overrides[Number(index)] ?? 0;
      field = rest[0] === "date"
        ? `override_date_${row}`
        : `override_hours_${row}`;
    } else if (head === "lesson_lengths") {
      field = "lesson_lengths";
    }
    out[field] ??= message;
  }
  return out;
}
