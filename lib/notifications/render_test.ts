import assert from "node:assert/strict";
import {
  notificationPath,
  renderNotification,
} from "@/lib/notifications/render.ts";
import type { EmailChangeFacts } from "@/lib/auth/profile.ts";
import {
  type AccountFacts,
  type BookingFacts,
  type Notification,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from "@/lib/notifications/model.ts";

const ORIGIN = "https://talkroom.example/";
const TEACHER = { id: "t-1", name: "Ada <Teacher>", email: "ada@example.test" };
const STUDENT = { id: "s-1", name: "Bob & Co", email: "bob@example.test" };
const BOOKING_ID = "0b0b0b0b-0000-4000-8000-000000000001";

function facts(extra: Partial<BookingFacts> = {}): BookingFacts {
  return {
    booking_id: BOOKING_ID,
    // 14:00 UTC is 15:00 in Berlin and 09:00 in New York (winter time).
    start_at: "2026-12-03T14:00:00.000Z",
    end_at: "2026-12-03T15:00:00.000Z",
    status: "confirmed",
    sequence: 1,
    teacher: TEACHER,
    student: STUDENT,
    ...extra,
  };
}

function notification(
  kind: NotificationKind,
  userId: string,
  f: BookingFacts | AccountFacts,
): Notification {
  return {
    id: "n-1",
    user_id: userId,
    kind,
    booking_id: "booking_id" in f ? f.booking_id : null,
    facts: f,
    created_at: new Date(),
    read_at: null,
    email_status: "pending",
  };
}

const berlin = {
  username: "Bob & Co",
  email: "bob@example.test",
  time_zone: "Europe/Berlin",
};
const newYork = {
  username: "Ada <Teacher>",
  email: "ada@example.test",
  time_zone: "America/New_York",
};

Deno.test("renderNotification() shows times in the recipient's time zone", () => {
  const toStudent = renderNotification(
    notification("booking_confirmed", STUDENT.id, facts()),
    berlin,
    ORIGIN,
  );
  assert.match(
    toStudent.text,
    /Thu, 3 Dec 2026, 15:00–16:00 \(Europe\/Berlin\)/,
  );
  const toTeacher = renderNotification(
    notification("booking_cancelled", TEACHER.id, facts()),
    newYork,
    ORIGIN,
  );
  assert.match(
    toTeacher.text,
    /Thu, 3 Dec 2026, 09:00–10:00 \(America\/New_York\)/,
  );
});

Deno.test("renderNotification() falls back to UTC for an unknown time zone", () => {
  const out = renderNotification(
    notification("booking_confirmed", STUDENT.id, facts()),
    { ...berlin, time_zone: "Mars/Olympus" },
    ORIGIN,
  );
  assert.match(out.text, /14:00–15:00 \(UTC\)/);
});

Deno.test("renderNotification() names the other participant and links the booking", () => {
  const link = `https://talkroom.example/bookings/${BOOKING_ID}`;
  const toTeacher = renderNotification(
    notification("booking_requested", TEACHER.id, facts({ status: "pending" })),
    newYork,
    ORIGIN,
  );
  assert.equal(
    toTeacher.subject,
    "Lesson request from Bob & Co for Thu, 3 Dec 2026, 09:00",
  );
  assert.match(toTeacher.text, /^Hi Ada <Teacher>,/);
  assert.ok(toTeacher.text.includes(`Answer the request: ${link}`));
  assert.ok(toTeacher.html.includes(`href="${link}"`));

  const toStudent = renderNotification(
    notification("booking_declined", STUDENT.id, facts({ reason: "Ill" })),
    berlin,
    ORIGIN,
  );
  assert.equal(toStudent.subject, "Lesson request declined by Ada <Teacher>");
  assert.match(toStudent.text, /Reason: Ill/);
});

Deno.test("renderNotification() says who cancelled and why", () => {
  const out = renderNotification(
    notification(
      "booking_cancelled",
      TEACHER.id,
      facts({ actor_id: STUDENT.id, reason: "Travelling" }),
    ),
    newYork,
    ORIGIN,
  );
  assert.match(out.text, /Bob & Co cancelled your lesson on Thu, 3 Dec 2026/);
  assert.match(out.text, /Reason: Travelling/);
});

Deno.test("renderNotification() escapes every fact in the HTML part", () => {
  const out = renderNotification(
    notification(
      "booking_cancelled",
      STUDENT.id,
      facts({ actor_id: TEACHER.id, reason: `<script>alert("x")</script>` }),
    ),
    berlin,
    ORIGIN,
  );
  assert.ok(!out.html.includes("<script>"));
  assert.ok(!out.html.includes("<Teacher>"));
  assert.ok(out.html.includes("Ada &lt;Teacher&gt; cancelled"));
  assert.ok(out.html.includes("&lt;script&gt;alert(&quot;x&quot;)"));
  assert.ok(out.html.includes("Hi Bob &amp; Co,"));
});

Deno.test("renderNotification() keeps line breaks out of the subject", () => {
  const out = renderNotification(
    notification(
      "booking_confirmed",
      STUDENT.id,
      facts({
        teacher: { ...TEACHER, name: "Eve\r\nBcc: victim@example.test" },
      }),
    ),
    berlin,
    ORIGIN,
  );
  assert.ok(!/[\r\n]/.test(out.subject), out.subject);
  assert.match(out.subject, /^Lesson confirmed: Eve Bcc: victim@example\.test/);
});

Deno.test("renderNotification() words reminders by their lead time and the pending request", () => {
  const day = renderNotification(
    notification("reminder", STUDENT.id, facts({ minutes_before: 1440 })),
    berlin,
    ORIGIN,
  );
  assert.equal(day.subject, "Reminder: lesson with Ada <Teacher> in 24 hours");
  const soon = renderNotification(
    notification("reminder", TEACHER.id, facts({ minutes_before: 15 })),
    newYork,
    ORIGIN,
  );
  assert.equal(soon.subject, "Reminder: lesson with Bob & Co in 15 minutes");
  const pending = renderNotification(
    notification(
      "reminder",
      TEACHER.id,
      facts({ minutes_before: 1440, status: "pending" }),
    ),
    newYork,
    ORIGIN,
  );
  assert.match(pending.subject, /^Answer Bob & Co's lesson request/);
});

Deno.test("renderNotification() gives the account link on the app's origin only", () => {
  const reset = renderNotification(
    notification("password_reset", STUDENT.id, {
      link_path: "/reset-password?token=abc",
      expires_at: "2026-12-03T14:30:00.000Z",
    }),
    berlin,
    ORIGIN,
  );
  assert.equal(reset.subject, "Reset your Talkroom password");
  assert.ok(
    reset.text.includes(
      "Choose a new password: https://talkroom.example/reset-password?token=abc",
    ),
  );
  assert.match(reset.text, /until Thu, 3 Dec 2026, 15:30 \(Europe\/Berlin\)/);
  assert.ok(!reset.text.includes("Choose which e-mails you get"));

  for (
    const link_path of [
      "//evil.example/x",
      "/\\evil.example/x",
      "https://evil.example/",
    ]
  ) {
    const foreign = notification("password_reset", STUDENT.id, {
      link_path,
      expires_at: "2026-12-03T14:30:00.000Z",
    });
    const out = renderNotification(foreign, berlin, ORIGIN);
    assert.ok(!out.text.includes("evil.example"), link_path);
    assert.equal(notificationPath(foreign), "/forgot-password", link_path);
  }

  const confirm = renderNotification(
    notification("email_change", STUDENT.id, {
      link_path: "/account/email?token=xyz",
      expires_at: "2026-12-03T14:30:00.000Z",
      new_email: "new@example.test",
    }),
    berlin,
    ORIGIN,
  );
  assert.equal(confirm.subject, "Confirm your new Talkroom e-mail address");
  assert.match(confirm.text, /new@example\.test is the new e-mail address/);
  const notice: EmailChangeFacts = {
    link_path: "/account",
    expires_at: "2026-12-03T14:30:00.000Z",
    new_email: "new@example.test",
    send_to: "old@example.test",
    notice: true,
  };
  const told = renderNotification(
    notification("email_change", STUDENT.id, notice),
    berlin,
    ORIGIN,
  );
  assert.equal(told.subject, "Your Talkroom e-mail address is changing");
  assert.match(told.text, /to new@example\.test\. It changes once/);
  assert.ok(
    told.text.includes("Open your account: https://talkroom.example/account"),
  );
});

Deno.test("renderNotification() renders every kind with a subject, text and HTML", () => {
  for (const kind of NOTIFICATION_KINDS) {
    const f = kind === "password_reset" || kind === "email_change"
      ? { link_path: "/x", expires_at: "2026-12-03T14:30:00.000Z" }
      : facts({ minutes_before: 15 });
    const out = renderNotification(
      notification(kind, STUDENT.id, f),
      berlin,
      ORIGIN,
    );
    assert.ok(out.subject.length > 0, kind);
    assert.match(out.text, /https:\/\/talkroom\.example\//, kind);
    assert.match(out.html, /^<!doctype html>/, kind);
  }
});

Deno.test("renderNotification() writes dates and times in the recipient's locale: 12-hour for en-US, 24-hour for en-GB and when none is chosen", () => {
  const n = notification("booking_confirmed", STUDENT.id, facts());
  const us = renderNotification(n, { ...berlin, locale: "en-US" }, ORIGIN);
  assert.match(
    us.subject,
    /^Lesson confirmed: Ada <Teacher> on Thu, Dec 3, 2026, 3:00\sPM$/,
  );
  assert.match(
    us.text,
    /Thu, Dec 3, 2026, 3:00\s–\s4:00\sPM \(Europe\/Berlin\)/,
  );
  assert.match(us.html, /^<html lang="en-US">/m);
  const gb = renderNotification(n, { ...berlin, locale: "en-GB" }, ORIGIN);
  assert.equal(
    gb.subject,
    "Lesson confirmed: Ada <Teacher> on Thu, 3 Dec 2026, 15:00",
  );
  for (const locale of [null, undefined, "not a locale"]) {
    const out = renderNotification(n, { ...berlin, locale }, ORIGIN);
    assert.equal(out.subject, gb.subject, String(locale));
    assert.equal(out.text, gb.text, String(locale));
  }
});

Deno.test("renderNotification() words counts with the plural forms", () => {
  const hour = renderNotification(
    notification("reminder", STUDENT.id, facts({ minutes_before: 60 })),
    berlin,
    ORIGIN,
  );
  assert.equal(hour.subject, "Reminder: lesson with Ada <Teacher> in 1 hour");
  const minute = renderNotification(
    notification("reminder", STUDENT.id, facts({ minutes_before: 1 })),
    berlin,
    ORIGIN,
  );
  assert.equal(
    minute.subject,
    "Reminder: lesson with Ada <Teacher> in 1 minute",
  );
  assert.match(
    minute.text,
    /The call room opens on the booking page \d+ minutes? before the start\./,
  );
});
