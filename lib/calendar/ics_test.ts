import assert from "node:assert/strict";
import {
  bookingInvite,
  bookingsCalendar,
  inviteMethod,
} from "@/lib/calendar/ics.ts";
import { NOTIFICATION_KINDS } from "@/lib/notifications/model.ts";
import {
  param,
  parseIcs,
  prop,
  sampleFacts,
} from "@/lib/calendar/_ical_testing.ts";

const ORIGIN = "https://talkroom.example:8443";
const NOW = new Date("2026-12-01T08:30:15.000Z");
const URL_OF = `${ORIGIN}/bookings/${sampleFacts().booking_id}`;

Deno.test("bookingInvite() REQUEST carries UID, SEQUENCE, UTC times, organizer, attendee and the booking URL", () => {
  const text = bookingInvite(
    sampleFacts({ sequence: 3 }),
    "REQUEST",
    ORIGIN,
    NOW,
  );
  assert.match(text, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:/);
  assert.match(text, /\r\nDTSTART:20261202T100000Z\r\n/);
  assert.match(text, /\r\nDTEND:20261202T104500Z\r\n/);
  const { method, events, calendar } = parseIcs(text);
  assert.equal(method, "REQUEST");
  assert.equal(calendar.getFirstPropertyValue("calscale"), "GREGORIAN");
  assert.equal(events.length, 1);
  const [e] = events;
  assert.equal(
    prop(e, "uid"),
    `${sampleFacts().booking_id}@talkroom.example:8443`,
  );
  assert.equal(prop(e, "sequence"), "3");
  assert.equal(prop(e, "dtstamp"), NOW.toISOString());
  assert.equal(prop(e, "dtstart"), "2026-12-02T10:00:00.000Z");
  assert.equal(prop(e, "dtend"), "2026-12-02T10:45:00.000Z");
  assert.equal(prop(e, "organizer"), "mailto:tina@example.test");
  assert.equal(param(e, "organizer", "cn"), "Tina Teacher");
  assert.equal(prop(e, "attendee"), "mailto:sam@example.test");
  assert.equal(param(e, "attendee", "cn"), "Sam Student");
  assert.equal(param(e, "attendee", "partstat"), "ACCEPTED");
  assert.equal(e.getAllProperties("attendee").length, 1);
  assert.equal(prop(e, "url"), URL_OF);
  assert.ok(prop(e, "description")!.includes(URL_OF));
  assert.equal(prop(e, "status"), "CONFIRMED");
  assert.equal(
    prop(e, "summary"),
    "Talkroom lesson: Tina Teacher with Sam Student",
  );
});

Deno.test("bookingInvite() CANCEL keeps the UID, takes the higher SEQUENCE and marks the event cancelled", () => {
  const request = parseIcs(
    bookingInvite(sampleFacts({ sequence: 1 }), "REQUEST", ORIGIN, NOW),
  );
  const cancel = parseIcs(
    bookingInvite(
      sampleFacts({ sequence: 2, status: "cancelled", reason: "Ill, sorry" }),
      "CANCEL",
      ORIGIN,
      NOW,
    ),
  );
  assert.equal(cancel.method, "CANCEL");
  const [before] = request.events;
  const [after] = cancel.events;
  assert.equal(prop(after, "uid"), prop(before, "uid"));
  assert.ok(Number(prop(after, "sequence")) > Number(prop(before, "sequence")));
  assert.equal(prop(after, "status"), "CANCELLED");
  assert.equal(prop(after, "transp"), "TRANSPARENT");
  assert.match(prop(after, "description")!, /Reason: Ill, sorry/);
});

Deno.test("bookingInvite() marks a pending request TENTATIVE", () => {
  const { events } = parseIcs(
    bookingInvite(
      sampleFacts({ status: "pending", sequence: 0 }),
      "REQUEST",
      ORIGIN,
    ),
  );
  assert.equal(prop(events[0], "status"), "TENTATIVE");
  assert.equal(prop(events[0], "sequence"), "0");
});

Deno.test("bookingInvite() escapes text and quotes names so they parse back unchanged", () => {
  const teacher = {
    id: "t-2",
    name: 'Ann "Quotes"; Smith, Jr.: \\ me',
    email: "ann@example.test",
  };
  const student = {
    id: "s-2",
    name: "Bob\r\nATTENDEE:mailto:evil@example.test",
    email: "bob@example.test",
  };
  const text = bookingInvite(
    sampleFacts({
      teacher,
      student,
      status: "cancelled",
      reason: "a;b,c\\d\ne",
    }),
    "CANCEL",
    ORIGIN,
  );
  const [e] = parseIcs(text).events;
  // One attendee: the injected line stayed inside the name.
  assert.equal(e.getAllProperties("attendee").length, 1);
  assert.equal(prop(e, "attendee"), "mailto:bob@example.test");
  assert.equal(
    param(e, "attendee", "cn"),
    "Bob ATTENDEE:mailto:evil@example.test",
  );
  // A double quote cannot live in a parameter: it becomes a single one.
  assert.equal(param(e, "organizer", "cn"), "Ann 'Quotes'; Smith, Jr.: \\ me");
  assert.equal(
    prop(e, "summary"),
    `Talkroom lesson: ${teacher.name} with Bob\nATTENDEE:mailto:evil@example.test`,
  );
  assert.match(prop(e, "description")!, /Reason: a;b,c\\d\ne$/);
});

Deno.test("bookingInvite() folds long lines at 75 octets without splitting a UTF-8 character", () => {
  const name = "Zoë 山田 🎻 ".repeat(12).trim();
  const text = bookingInvite(
    sampleFacts({ teacher: { id: "t", name, email: "z@example.test" } }),
    "REQUEST",
    ORIGIN,
  );
  // Each physical line is valid UTF-8 on its own.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const encoder = new TextEncoder();
  for (const line of text.split("\r\n")) {
    decoder.decode(encoder.encode(line));
  }
  assert.ok(text.includes("\r\n "), "some line was folded");
  // parseIcs() checks the 75-octet limit; unfolded, the name is whole again.
  const [e] = parseIcs(text).events;
  assert.equal(param(e, "organizer", "cn"), name);
  assert.equal(prop(e, "summary"), `Talkroom lesson: ${name} with Sam Student`);
});

Deno.test("inviteMethod() is REQUEST for lessons that take place, CANCEL for those that do not, null for account mail", () => {
  const takesPlace = [
    "booking_requested",
    "booking_confirmed",
    "booking_rescheduled",
    "reminder",
    "peer_waiting",
  ];
  const offTheCalendar = [
    "booking_declined",
    "booking_cancelled",
    "booking_expired",
  ];
  for (const kind of NOTIFICATION_KINDS) {
    const expected = takesPlace.includes(kind)
      ? "REQUEST"
      : offTheCalendar.includes(kind)
      ? "CANCEL"
      : null;
    assert.equal(inviteMethod(kind), expected, kind);
  }
});

Deno.test("bookingsCalendar() publishes one event per booking with its own SEQUENCE and cancelled ones as CANCELLED", () => {
  const second = sampleFacts({
    booking_id: "7d7c3f1e-1111-4d0f-9a51-2f3c1c7d9e10",
    status: "cancelled",
    sequence: 4,
  });
  const { method, events, calendar } = parseIcs(
    bookingsCalendar([sampleFacts({ sequence: 2 }), second], ORIGIN, {
      now: NOW,
      name: "Talkroom: Sam",
    }),
  );
  assert.equal(method, "PUBLISH");
  assert.equal(calendar.getFirstPropertyValue("x-wr-calname"), "Talkroom: Sam");
  assert.deepEqual(events.map((e) => prop(e, "sequence")), ["2", "4"]);
  assert.deepEqual(events.map((e) => prop(e, "status")), [
    "CONFIRMED",
    "CANCELLED",
  ]);
  assert.equal(
    prop(events[1], "uid"),
    `${second.booking_id}@talkroom.example:8443`,
  );
  for (const e of events) {
    assert.equal(prop(e, "organizer"), "mailto:tina@example.test");
    assert.equal(e.getAllProperties("attendee").length, 0);
  }
});

Deno.test("bookingsCalendar() of no bookings is a valid empty calendar", () => {
  const { method, events } = parseIcs(bookingsCalendar([], ORIGIN));
  assert.equal(method, "PUBLISH");
  assert.equal(events.length, 0);
});
