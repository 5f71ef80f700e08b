import assert from "node:assert/strict";
import { renderNotification } from "@/lib/notifications/render.ts";
import type {
  BookingFacts,
  Notification,
  NotificationKind,
} from "@/lib/notifications/model.ts";
import { composeEmail } from "@/lib/notifications/email.ts";

const ORIGIN = "https://talkroom.example";
const TEACHER = { id: "t-1", name: "Ada", email: "ada@example.test" };
const STUDENT = { id: "s-1", name: "Bob", email: "bob@example.test" };
const FACTS: BookingFacts = {
  booking_id: "0b0b0b0b-0000-4000-8000-000000000001",
  start_at: "2026-12-03T14:00:00.000Z",
  end_at: "2026-12-03T15:00:00.000Z",
  status: "confirmed",
  sequence: 2,
  teacher: TEACHER,
  student: STUDENT,
  actor_id: STUDENT.id,
  proposed_start_at: "2026-12-04T09:00:00.000Z",
  proposed_end_at: "2026-12-04T10:00:00.000Z",
};
const ADA_IN_BERLIN = {
  username: "Ada",
  email: "ada@example.test",
  time_zone: "Europe/Berlin",
};

function notification(kind: NotificationKind, userId: string): Notification {
  return {
    id: "n-1",
    user_id: userId,
    kind,
    booking_id: FACTS.booking_id,
    facts: FACTS,
    created_at: new Date(),
    read_at: null,
    email_status: "pending",
  };
}

Deno.test("a reschedule proposal names both times in the recipient's zone and carries no invite", () => {
  const n = notification("reschedule_proposed", TEACHER.id);
  const out = renderNotification(n, ADA_IN_BERLIN, ORIGIN);
  assert.match(
    out.subject,
    /^Bob asks to move your lesson of Thu, 3 Dec 2026, 15:00/,
  );
  // 09:00 UTC is 10:00 in Berlin.
  assert.match(out.text, /to Fri, 4 Dec 2026, 10:00–11:00 \(Europe\/Berlin\)/);
  assert.match(
    out.text,
    /Answer the proposal: https:\/\/talkroom\.example\/bookings\//,
  );
  const email = composeEmail(n, ADA_IN_BERLIN, ORIGIN);
  assert.equal(email.invite, null, "nothing has moved yet");
});

Deno.test("a declined proposal tells the proposer the lesson stays where it is", () => {
  const n = notification("reschedule_declined", STUDENT.id);
  const out = renderNotification(n, {
    username: "Bob",
    email: "bob@example.test",
    time_zone: "UTC",
  }, ORIGIN);
  assert.match(out.subject, /^Ada declined moving your lesson/);
  assert.match(
    out.text,
    /to Fri, 4 Dec 2026, 09:00\. The lesson stays where it is/,
  );
});

Deno.test("a resolved dispute tells the outcome in words and the admin's note", () => {
  const n = notification("dispute_resolved", STUDENT.id);
  n.facts = {
    ...FACTS,
    status: "technical_failure",
    reason: "Both joined; the call never connected",
  };
  const out = renderNotification(n, {
    username: "Bob",
    email: "bob@example.test",
    time_zone: "UTC",
  }, ORIGIN);
  assert.match(out.subject, /^Dispute resolved: your lesson with Ada of/);
  assert.match(out.text, /it is now a technical failure, with no one blamed\./);
  assert.match(out.text, /Note: Both joined; the call never connected/);
});
