// Test helpers: iCalendar text parsed back with ical.js (a real parser), and
// booking facts to build invites from.
import assert from "node:assert/strict";
import ICAL from "ical.js";
import type { BookingFacts } from "@/lib/notifications/model.ts";

/** A parsed VCALENDAR: its METHOD and its events. */
export interface ParsedCalendar {
  method: string | null;
  calendar: ICAL.Component;
  events: ICAL.Component[];
}

/** Parses iCalendar text with ical.js after checking CRLF and 75-octet lines. */
export function parseIcs(text: string): ParsedCalendar {
  assert.ok(text.endsWith("\r\n"), "the object ends with CRLF");
  const lines = text.slice(0, -2).split("\r\n");
  const encoder = new TextEncoder();
  for (const line of lines) {
    assert.ok(!line.includes("\n"), `a bare LF in ${JSON.stringify(line)}`);
    assert.ok(
      encoder.encode(line).length <= 75,
      `line over 75 octets: ${JSON.stringify(line)}`,
    );
  }
  const calendar = new ICAL.Component(ICAL.parse(text));
  const method = calendar.getFirstPropertyValue("method");
  return {
    method: method === null ? null : String(method),
    calendar,
    events: calendar.getAllSubcomponents("vevent"),
  };
}

/** A property's value as a string (dates as their ISO UTC instant). */
export function prop(event: ICAL.Component, name: string): string | null {
  const value = event.getFirstPropertyValue(name);
  if (value === null || value === undefined) return null;
  if (value instanceof ICAL.Time) return value.toJSDate().toISOString();
  return String(value);
}

/** A property's parameter, e.g. the CN of the ORGANIZER. */
export function param(
  event: ICAL.Component,
  name: string,
  parameter: string,
): string | null {
  const value = event.getFirstProperty(name)?.getParameter(parameter);
  return value === undefined || value === null ? null : String(value);
}

/** Facts of a confirmed lesson tomorrow at 10:00 UTC, with overrides. */
export function sampleFacts(over: Partial<BookingFacts> = {}): BookingFacts {
  return {
    booking_id: "0b5e4c1e-8a57-4d0f-9a51-2f3c1c7d9e10",
    start_at: "2026-12-02T10:00:00.000Z",
    end_at: "2026-12-02T10:45:00.000Z",
    status: "confirmed",
    sequence: 1,
    teacher: { id: "t-1", name: "Tina Teacher", email: "tina@example.test" },
    student: { id: "s-1", name: "Sam Student", email: "sam@example.test" },
    ...over,
  };
}
