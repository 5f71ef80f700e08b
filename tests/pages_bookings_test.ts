// The booking pages (/bookings, /bookings/:id, /slots, /teachers,
// /teachers/:id) driven in-process with real requests: access before render,
// form posts with 303 redirects, field errors, conflicts, and times in the
// viewer's zone.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import {
  createTestBooking,
  createTestSlot,
  createTestUser,
} from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";
import { listOpenSlots } from "@/lib/bookings/availability.ts";
import { LIST_PAGE_SIZE, MAX_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import {
  formatRange,
  formatTime,
  fromLocalInputValue,
  toLocalInputValue,
} from "@/lib/format.ts";

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

function form(values: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(values).toString(),
  };
}

async function html(res: Response, status: number): Promise<string> {
  const body = await res.text();
  assert.equal(res.status, status, body.slice(0, 500));
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  return body;
}

function assertRedirect(res: Response, location: string | RegExp) {
  assert.equal(res.status, 303);
  const got = res.headers.get("location") ?? "";
  if (typeof location === "string") assert.equal(got, location);
  else assert.match(got, location);
}

/** The `<a>` tags of a page that are live Join links to the booking. */
function joinLinks(body: string, bookingId: string): string[] {
  return [...body.matchAll(/<a\b[^>]*>/g)].map((m) => m[0]).filter((tag) =>
    tag.includes(`href="/bookings/${bookingId}"`) && /\bdata-join\b/.test(tag)
  );
}

/** The href of the page's link to its next page with this label, if any. */
function nextLink(body: string, label: string): string | null {
  const match = new RegExp(
    `<a\\b[^>]*href="([^"]+)"[^>]*rel="next"[^>]*>${label} →</a>`,
  ).exec(body);
  return match ? match[1].replaceAll("&amp;", "&") : null;
}

/** The booking ids a page shows, in order. */
function bookingIds(body: string): string[] {
  return [...body.matchAll(/data-booking-id="([^"]+)"/g)].map((m) => m[1]);
}

async function bookingRow(app: TestApp, id: string) {
  const [row] = await app.db.query<
    { status: string; cancel_reason: string | null; cancelled_by: string }
  >(
    "SELECT status, cancel_reason, cancelled_by FROM bookings WHERE id = $1",
    [id],
  );
  return row;
}

interface Cast {
  teacher: User;
  student: User;
  outsider: User;
}

Deno.test({
  name: "booking pages",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await createTestApp();
    // Fresh people per step, so no two steps' bookings overlap.
    const cast = async (
      opts: { studentZone?: string; teacherZone?: string } = {},
    ): Promise<Cast> => {
      const tag = crypto.randomUUID().slice(0, 4);
      return {
        teacher: await createTestUser(app.db, {
          role: "teacher",
          username: `Ada Teacher ${tag}`,
          timeZone: opts.teacherZone,
        }),
        student: await createTestUser(app.db, {
          role: "student",
          username: `Sam Student ${tag}`,
          timeZone: opts.studentZone,
        }),
        outsider: await createTestUser(app.db, {
          role: "student",
          username: `Olive Outsider ${tag}`,
        }),
      };
    };

    try {
      // ------------------------------------------------------ /bookings

      await t.step("/bookings sends anonymous visitors to login", async () => {
        const res = await app.request("/bookings");
        assertRedirect(res, "/login?next=%2Fbookings");
      });

      await t.step(
        "/bookings lists upcoming and past bookings in the viewer's zone, Join only in the window, no script",
        async () => {
          const { teacher, student } = await cast({
            studentZone: "Asia/Tokyo",
          });
          const soon = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: 5,
            notes: "Irregular verbs please",
          });
          const tomorrow = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: DAY_MINUTES,
            status: "pending",
          });
          const past = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: -3 * DAY_MINUTES,
            status: "completed",
          });
          const body = await html(
            await app.request("/bookings", {
              token: await app.tokenFor(student),
            }),
            200,
          );
          assert.match(body, />Upcoming</);
          assert.match(body, />Past</);
          assert(body.includes(`with ${teacher.username}`));
          assert(body.includes("Irregular verbs please"));
          for (const b of [soon, tomorrow, past]) {
            assert(body.includes(`data-booking-id="${b.id}"`));
          }
          // Tokyo time, not UTC.
          const tokyo = formatRange(
            tomorrow.start_at,
            tomorrow.end_at,
            "Asia/Tokyo",
          );
          assert(body.includes(tokyo), `expected ${tokyo}`);
          assert(
            formatTime(tomorrow.start_at, "Asia/Tokyo") !==
              formatTime(tomorrow.start_at, "UTC"),
          );
          assert(
            !body.includes(
              formatRange(tomorrow.start_at, tomorrow.end_at, "UTC"),
            ),
          );
          assert.equal(joinLinks(body, soon.id).length, 1);
          assert.equal(joinLinks(body, tomorrow.id).length, 0);
          assert.equal(joinLinks(body, past.id).length, 0);
          // The pending request is shown as one, waiting for the teacher.
          assert(body.includes(`Waiting for ${teacher.username} to confirm`));
          assert(body.includes("The lesson has ended"));
          assert(!body.includes("<script"), "the page ships no script");

          const teacherBody = await html(
            await app.request("/bookings", {
              token: await app.tokenFor(teacher),
            }),
            200,
          );
          assert(teacherBody.includes(`with ${student.username}`));
        },
      );

      await t.step(
        "/bookings shows empty states pointing students to /teachers and teachers to /slots",
        async () => {
          const { teacher, student } = await cast();
          const s = await html(
            await app.request("/bookings", {
              token: await app.tokenFor(student),
            }),
            200,
          );
          assert(s.includes("You have no upcoming lessons"));
          assert(s.includes('href="/teachers"'));
          assert(s.includes("No past lessons yet"));
          const tb = await html(
            await app.request("/bookings", {
              token: await app.tokenFor(teacher),
            }),
            200,
          );
          assert(tb.includes("You have no upcoming lessons"));
          assert(tb.includes('href="/slots">Publish lesson slots'));
        },
      );

      // ------------------------------------------------------ /bookings/:id

      await t.step(
        "/bookings/:id shows a participant the details and the room",
        async () => {
          const { teacher, student } = await cast({
            teacherZone: "America/New_York",
          });
          const b = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: DAY_MINUTES,
            notes: "Past tense, please",
          });
          const body = await html(
            await app.request(`/bookings/${b.id}`, {
              token: await app.tokenFor(teacher),
            }),
            200,
          );
          assert(body.includes(teacher.username));
          assert(body.includes(student.username));
          assert(body.includes("Past tense, please"));
          assert(
            body.includes(
              formatRange(b.start_at, b.end_at, "America/New_York"),
            ),
          );
          assert(body.includes('data-status="confirmed"'));
          assert.match(
            body,
            /<section[^>]*id="room"[^>]*data-room-state="not_yet"/,
          );
          const opens = formatTime(
            new Date(b.start_at.getTime() - 10 * MINUTE),
            "America/New_York",
          );
          assert(
            body.includes(
              `The room opens at ${opens}`,
            ),
          );
          assert(body.includes("10 minutes before the lesson"));
          assert(!body.includes("frsh-callroom"));
          assert(body.includes('name="reason"'), "cancel form");
          assert(!body.includes("<script"));

          const soon = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: 5,
          });
          const open = await html(
            await app.request(`/bookings/${soon.id}`, {
              token: await app.tokenFor(student),
            }),
            200,
          );
          assert.match(open, /data-room-state="open"/);
          assert(open.includes("The call room is open"));
          // The call island is rendered with its hooks and hydrated.
          assert.match(open, /<!--frsh-callroom_default:0:-->/);
          assert.match(
            open,
            /data-call-state="prejoin"[^>]*data-signal-state="closed"/,
          );
          assert(open.includes('<script type="module"'));
        },
      );

      await t.step(
        "/bookings/:id shows an ended room, who cancelled and who was absent",
        async () => {
          const { teacher, student } = await cast();
          const cancelled = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: 2 * DAY_MINUTES,
            status: "cancelled",
          });
          const c = await html(
            await app.request(`/bookings/${cancelled.id}`, {
              token: await app.tokenFor(teacher),
            }),
            200,
          );
          assert.match(c, /data-room-state="closed"/);
          assert(c.includes("Test cancellation"));
          assert(c.includes(`by ${student.username}`));
          assert(!c.includes('name="reason"'), "nothing left to cancel");

          // Ended without anyone joining: the sweep records both as absent.
          const missed = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: -120,
          });
          const m = await html(
            await app.request(`/bookings/${missed.id}`, {
              token: await app.tokenFor(student),
            }),
            200,
          );
          assert.match(m, /data-room-state="ended"/);
          assert(m.includes('data-status="no_show"'));
          assert(m.includes("Absent"));
          assert(
            m.includes(`${student.username} (you) and ${teacher.username}`),
          );
        },
      );

      await t.step(
        "/bookings/:id refuses an outsider with a 403 page that shows nothing of the booking",
        async () => {
          const { teacher, student, outsider } = await cast();
          const b = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: DAY_MINUTES,
            notes: "Secret lesson notes",
          });
          const body = await html(
            await app.request(`/bookings/${b.id}`, {
              token: await app.tokenFor(outsider),
            }),
            403,
          );
          assert(!body.includes(teacher.username));
          assert(!body.includes(student.username));
          assert(!body.includes("Secret lesson notes"));
          assert(!body.includes(formatTime(b.start_at, "UTC")));
          assert(!body.includes(formatTime(b.start_at, outsider.time_zone)));

          // Nor may they act on it.
          const post = await html(
            await app.request(`/bookings/${b.id}`, {
              ...form({ action: "cancel", reason: "Not mine" }),
              token: await app.tokenFor(outsider),
            }),
            403,
          );
          assert(!post.includes(teacher.username));
          assert.equal((await bookingRow(app, b.id)).status, "confirmed");
        },
      );

      await t.step(
        "/bookings/:id answers 404 for unknown and malformed ids and sends anonymous visitors to login",
        async () => {
          const { student } = await cast();
          const token = await app.tokenFor(student);
          await html(
            await app.request(`/bookings/${crypto.randomUUID()}`, { token }),
            404,
          );
          await html(await app.request("/bookings/not-a-uuid", { token }), 404);
          await html(
            await app.request("/bookings/1%27%20OR%201=1", { token }),
            404,
          );
          const id = crypto.randomUUID();
          assertRedirect(
            await app.request(`/bookings/${id}`),
            `/login?next=${encodeURIComponent(`/bookings/${id}`)}`,
          );
          assertRedirect(
            await app.request(`/bookings/${id}`, form({ action: "cancel" })),
            /^\/login\?next=/,
          );
        },
      );

      await t.step(
        "cancelling with a reason cancels the booking and opens the slot again",
        async () => {
          const { teacher, student } = await cast();
          const b = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: DAY_MINUTES,
          });
          const token = await app.tokenFor(student);
          const res = await app.request(`/bookings/${b.id}`, {
            ...form({ action: "cancel", reason: "I am ill" }),
            token,
          });
          assertRedirect(res, `/bookings/${b.id}?done=cancel`);
          const row = await bookingRow(app, b.id);
          assert.equal(row.status, "cancelled");
          assert.equal(row.cancel_reason, "I am ill");
          assert.equal(row.cancelled_by, student.id);
          const open = (await listOpenSlots(app.db, { teacher_id: teacher.id }))
            .items;
          assert(open.some((s) => s.id === b.slot_id), "slot bookable again");

          const after = await html(
            await app.request(`/bookings/${b.id}?done=cancel`, { token }),
            200,
          );
          assert(after.includes("You cancelled this booking"));
          assert(after.includes("I am ill"));
          assert(after.includes('data-status="cancelled"'));
        },
      );

      await t.step(
        "cancelling without a reason shows the field error and keeps what was typed",
        async () => {
          const { teacher, student } = await cast();
          const b = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: DAY_MINUTES,
          });
          const token = await app.tokenFor(student);
          const empty = await html(
            await app.request(`/bookings/${b.id}`, {
              ...form({ action: "cancel", reason: "   " }),
              token,
            }),
            400,
          );
          assert.match(
            empty,
            /<textarea[^>]*id="cancel-reason"[^>]*aria-invalid="true"/,
          );
          assert(empty.includes('id="cancel-reason-error"'));
          assert(empty.includes("Say why you cancel"));

          const long = "Too long ".repeat(60);
          const tooLong = await html(
            await app.request(`/bookings/${b.id}`, {
              ...form({ action: "cancel", reason: long }),
              token,
            }),
            400,
          );
          assert(tooLong.includes("Use at most 500 characters"));
          assert(tooLong.includes(long.trim()), "typed reason kept");
          assert.equal((await bookingRow(app, b.id)).status, "confirmed");
        },
      );

      await t.step(
        "cancelling after the start answers 409 with the reason",
        async () => {
          const { teacher, student } = await cast();
          const b = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: -5,
          });
          const body = await html(
            await app.request(`/bookings/${b.id}`, {
              ...form({ action: "cancel", reason: "Too late" }),
              token: await app.tokenFor(student),
            }),
            409,
          );
          assert(
            body.includes("Cannot cancel booking: it has already started"),
          );
          assert(body.includes('data-room-state="open"'));
          assert.equal((await bookingRow(app, b.id)).status, "confirmed");
        },
      );

      await t.step(
        "declining a pending booking after the start answers 409 with the reason and keeps it pending",
        async () => {
          const { teacher, student } = await cast();
          const b = await createTestBooking(app.db, {
            student,
            teacher,
            status: "pending",
            startInMinutes: -5,
          });
          const body = await html(
            await app.request(`/bookings/${b.id}`, {
              ...form({ action: "decline", reason: "No show" }),
              token: await app.tokenFor(teacher),
            }),
            409,
          );
          assert(
            body.includes("Cannot decline booking: it has already started"),
          );
          assert.equal((await bookingRow(app, b.id)).status, "pending");
        },
      );

      await t.step(
        "the teacher confirms or declines a pending booking; the student cannot confirm",
        async () => {
          const { teacher, student } = await cast();
          const a = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: DAY_MINUTES,
            status: "pending",
          });
          const b = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: 2 * DAY_MINUTES,
            status: "pending",
          });
          const teacherToken = await app.tokenFor(teacher);
          const page = await html(
            await app.request(`/bookings/${a.id}`, { token: teacherToken }),
            200,
          );
          assert(page.includes('value="confirm"'));
          assert(page.includes('value="decline"'));
          const studentPage = await html(
            await app.request(`/bookings/${a.id}`, {
              token: await app.tokenFor(student),
            }),
            200,
          );
          assert(!studentPage.includes('value="confirm"'));
          assert(studentPage.includes('value="cancel"'));

          const studentConfirm = await html(
            await app.request(`/bookings/${a.id}`, {
              ...form({ action: "confirm" }),
              token: await app.tokenFor(student),
            }),
            403,
          );
          assert(!studentConfirm.includes(teacher.username));
          assert.equal((await bookingRow(app, a.id)).status, "pending");

          assertRedirect(
            await app.request(`/bookings/${a.id}`, {
              ...form({ action: "confirm" }),
              token: teacherToken,
            }),
            `/bookings/${a.id}?done=confirm`,
          );
          assert.equal((await bookingRow(app, a.id)).status, "confirmed");

          const again = await html(
            await app.request(`/bookings/${a.id}`, {
              ...form({ action: "confirm" }),
              token: teacherToken,
            }),
            409,
          );
          assert(
            again.includes("Cannot confirm booking: it is already confirmed"),
          );

          assertRedirect(
            await app.request(`/bookings/${b.id}`, {
              ...form({ action: "decline", reason: "I am away that week" }),
              token: teacherToken,
            }),
            `/bookings/${b.id}?done=decline`,
          );
          const row = await bookingRow(app, b.id);
          assert.equal(row.status, "cancelled");
          assert.equal(row.cancel_reason, "I am away that week");
          assert.equal(row.cancelled_by, teacher.id);

          const bad = await html(
            await app.request(`/bookings/${b.id}`, {
              ...form({ action: "explode" }),
              token: teacherToken,
            }),
            400,
          );
          assert(bad.includes("Choose confirm, decline or cancel"));
        },
      );

      await t.step("a cross-origin form post is refused with 403", async () => {
        const { teacher, student } = await cast();
        const b = await createTestBooking(app.db, {
          student,
          teacher,
          startInMinutes: DAY_MINUTES,
        });
        const init = form({ action: "cancel", reason: "Forged" });
        const res = await app.request(`/bookings/${b.id}`, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string>),
            origin: "https://evil.example",
          },
          token: await app.tokenFor(student),
        });
        assert.equal(res.status, 403);
        await res.body?.cancel();
        assert.equal((await bookingRow(app, b.id)).status, "confirmed");

        const slots = await app.request("/slots", {
          ...form({ action: "create", start: "2099-01-01T10:00" }),
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            origin: "https://evil.example",
          },
          token: await app.tokenFor(teacher),
        });
        assert.equal(slots.status, 403);
        await slots.body?.cancel();
      });

      // ------------------------------------------------------ /slots

      await t.step("/slots is for teachers only", async () => {
        const { student } = await cast();
        const token = await app.tokenFor(student);
        const body = await html(await app.request("/slots", { token }), 403);
        assert(!body.includes('name="start"'));
        await html(
          await app.request("/slots", {
            ...form({ action: "create", start: "2099-01-01T10:00" }),
            token,
          }),
          403,
        );
        assertRedirect(await app.request("/slots"), "/login?next=%2Fslots");
      });

      await t.step(
        "a teacher publishes a slot in their own zone, weekly slots, and sees overlaps refused",
        async () => {
          const { teacher } = await cast({ teacherZone: "America/New_York" });
          const token = await app.tokenFor(teacher);
          const page = await html(await app.request("/slots", { token }), 200);
          assert(page.includes('type="datetime-local"'));
          assert(page.includes('name="minutes"'));
          assert(page.includes('value="60"'));
          assert(page.includes('name="repeat_weeks"'));
          assert(page.includes('href="/availability"'));
          assert(!page.includes("<script"));

          const day = toLocalInputValue(
            new Date(Date.now() + 2 * DAY_MINUTES * MINUTE),
            "America/New_York",
          ).slice(0, 10);
          const start = `${day}T10:00`;
          assertRedirect(
            await app.request("/slots", {
              ...form({
                action: "create",
                start,
                minutes: "45",
                repeat_weeks: "1",
              }),
              token,
            }),
            "/slots?published=1",
          );
          const rows = await app.db.query<{ start_at: Date; end_at: Date }>(
            "SELECT start_at, end_at FROM slots WHERE teacher_id = $1 AND deleted_at IS NULL ORDER BY start_at",
            [teacher.id],
          );
          assert.equal(rows.length, 1);
          const expected = fromLocalInputValue(start, "America/New_York")!;
          assert.equal(rows[0].start_at.getTime(), expected.getTime());
          assert.equal(
            rows[0].end_at.getTime() - rows[0].start_at.getTime(),
            45 * MINUTE,
          );
          const listed = await html(
            await app.request("/slots?published=1", { token }),
            200,
          );
          assert(listed.includes("Published 1 slot"));
          assert(listed.includes("10:00–10:45"));

          assertRedirect(
            await app.request("/slots", {
              ...form({
                action: "create",
                start: `${day}T14:00`,
                minutes: "60",
                repeat_weeks: "3",
              }),
              token,
            }),
            "/slots?published=3",
          );
          const [{ count }] = await app.db.query<{ count: number }>(
            "SELECT count(*)::int AS count FROM slots WHERE teacher_id = $1 AND deleted_at IS NULL",
            [teacher.id],
          );
          assert.equal(count, 4);

          const overlap = await html(
            await app.request("/slots", {
              ...form({
                action: "create",
                start: `${day}T10:30`,
                minutes: "60",
                repeat_weeks: "1",
              }),
              token,
            }),
            409,
          );
          assert(
            overlap.includes(
              "Cannot create slot: it overlaps another of your slots",
            ),
          );
          assert(overlap.includes(`value="${day}T10:30"`), "typed start kept");
        },
      );

      await t.step(
        "the slot form shows errors next to its fields and keeps what was typed",
        async () => {
          const { teacher } = await cast();
          const token = await app.tokenFor(teacher);
          const short = await html(
            await app.request("/slots", {
              ...form({
                action: "create",
                start: "2099-03-04T09:15",
                minutes: "5",
                repeat_weeks: "1",
              }),
              token,
            }),
            400,
          );
          assert(short.includes('id="field-minutes-error"'));
          assert(short.includes("Between 10 and 240 minutes"));
          assert(short.includes('value="2099-03-04T09:15"'));
          assert(short.includes('value="5"'));

          const past = await html(
            await app.request("/slots", {
              ...form({
                action: "create",
                start: "2020-01-01T09:00",
                minutes: "60",
                repeat_weeks: "1",
              }),
              token,
            }),
            400,
          );
          assert.match(
            past,
            /id="field-start-error"[^>]*>Must be in the future/,
          );

          const weeks = await html(
            await app.request("/slots", {
              ...form({
                action: "create",
                start: "2099-03-04T09:15",
                minutes: "60",
                repeat_weeks: "99",
              }),
              token,
            }),
            400,
          );
          assert(weeks.includes('id="field-repeat_weeks-error"'));

          const missing = await html(
            await app.request("/slots", {
              ...form({ action: "create", start: "", minutes: "60" }),
              token,
            }),
            400,
          );
          assert(missing.includes('id="field-start-error"'));
          const [{ count }] = await app.db.query<{ count: number }>(
            "SELECT count(*)::int AS count FROM slots WHERE teacher_id = $1",
            [teacher.id],
          );
          assert.equal(count, 0);
        },
      );

      await t.step(
        "a teacher deletes an open slot but not a booked one",
        async () => {
          const { teacher, student } = await cast();
          const token = await app.tokenFor(teacher);
          const open = await createTestSlot(app.db, teacher, {
            startInMinutes: 3 * DAY_MINUTES,
          });
          const booked = await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: 4 * DAY_MINUTES,
          });
          const page = await html(await app.request("/slots", { token }), 200);
          assert(page.includes(`value="${open.id}"`), "delete button");
          assert(!page.includes(`value="${booked.slot_id}"`), "no delete");
          assert(page.includes(`href="/bookings/${booked.id}"`));

          assertRedirect(
            await app.request("/slots", {
              ...form({ action: "delete", slot_id: open.id }),
              token,
            }),
            "/slots?deleted=1",
          );
          const [row] = await app.db.query<{ deleted_at: Date | null }>(
            "SELECT deleted_at FROM slots WHERE id = $1",
            [open.id],
          );
          assert(row.deleted_at !== null);

          const refused = await html(
            await app.request("/slots", {
              ...form({ action: "delete", slot_id: booked.slot_id }),
              token,
            }),
            409,
          );
          assert(refused.includes("Cannot delete slot: it is booked"));
          const [kept] = await app.db.query<{ deleted_at: Date | null }>(
            "SELECT deleted_at FROM slots WHERE id = $1",
            [booked.slot_id],
          );
          assert.equal(kept.deleted_at, null);

          const gone = await html(
            await app.request("/slots", {
              ...form({ action: "delete", slot_id: "nope" }),
              token,
            }),
            404,
          );
          assert.ok(gone.includes("Slot not found"));
          const stranger = await createTestUser(app.db, { role: "teacher" });
          await html(
            await app.request("/slots", {
              ...form({ action: "delete", slot_id: booked.slot_id }),
              token: await app.tokenFor(stranger),
            }),
            403,
          );
        },
      );

      // ------------------------------------------------------ /teachers

      await t.step(
        "a student finds a teacher, books a slot and is sent to the booking",
        async () => {
          const { teacher, student } = await cast({
            studentZone: "Asia/Tokyo",
          });
          const slot = await createTestSlot(app.db, teacher, {
            startInMinutes: 5 * DAY_MINUTES,
          });
          const token = await app.tokenFor(student);
          const list = await html(
            await app.request(
              `/teachers?q=${encodeURIComponent(teacher.username)}`,
              { token },
            ),
            200,
          );
          assert(list.includes(`href="/teachers/${teacher.id}"`));
          assert(list.includes(teacher.username));
          assert(!list.includes("<script"));

          const page = await html(
            await app.request(`/teachers/${teacher.id}`, { token }),
            200,
          );
          assert(page.includes(`value="${slot.id}"`));
          assert(page.includes(formatTime(slot.start_at, "Asia/Tokyo")));
          assert(page.includes('name="notes"'));
          assert(!page.includes("<script"));

          const res = await app.request(`/teachers/${teacher.id}`, {
            ...form({ slot_id: slot.id, notes: "Conversation practice" }),
            token,
          });
          assertRedirect(res, /^\/bookings\/[0-9a-f-]{36}$/);
          const id = res.headers.get("location")!.split("/").pop()!;
          const [row] = await app.db.query<
            { status: string; notes: string; student_id: string }
          >(
            "SELECT status, notes, student_id FROM bookings WHERE id = $1",
            [id],
          );
          assert.equal(row.status, "pending");
          assert.equal(row.notes, "Conversation practice");
          assert.equal(row.student_id, student.id);

          // The slot is taken now: another student gets the reason.
          const other = await createTestUser(app.db, { role: "student" });
          const taken = await html(
            await app.request(`/teachers/${teacher.id}`, {
              ...form({ slot_id: slot.id, notes: "Me too" }),
              token: await app.tokenFor(other),
            }),
            409,
          );
          // The service reports whichever constraint fires first; either way
          // the student is told the booking failed and why.
          assert.match(
            taken,
            /role="alert"[^>]*>Cannot book slot: (it is already taken|the teacher already has a booking at that time)</,
          );
          assert.equal(
            (await app.db.query(
              "SELECT 1 FROM bookings WHERE slot_id = $1",
              [slot.id],
            )).length,
            1,
          );
        },
      );

      await t.step(
        "booking a slot that overlaps the student's own booking answers 409 and keeps the note",
        async () => {
          const { teacher, student } = await cast();
          const second = await createTestUser(app.db, { role: "teacher" });
          await createTestBooking(app.db, {
            student,
            teacher,
            startInMinutes: 6 * DAY_MINUTES,
          });
          const clash = await createTestSlot(app.db, second, {
            startInMinutes: 6 * DAY_MINUTES + 30,
          });
          const body = await html(
            await app.request(`/teachers/${second.id}`, {
              ...form({ slot_id: clash.id, notes: "Kept note" }),
              token: await app.tokenFor(student),
            }),
            409,
          );
          assert(
            body.includes(
              "Cannot book slot: you already have a booking at that time",
            ),
          );
          assert(body.includes("Kept note"));
        },
      );

      await t.step(
        "teachers see a teacher's slots without Book buttons; unknown teachers are 404",
        async () => {
          const { teacher, student } = await cast();
          const slot = await createTestSlot(app.db, teacher, {
            startInMinutes: 7 * DAY_MINUTES,
          });
          const token = await app.tokenFor(teacher);
          const page = await html(
            await app.request(`/teachers/${teacher.id}`, { token }),
            200,
          );
          assert(page.includes(formatTime(slot.start_at, teacher.time_zone)));
          assert(!page.includes(`value="${slot.id}"`));
          assert(!page.includes(">Book<"));
          await html(
            await app.request(`/teachers/${teacher.id}`, {
              ...form({ slot_id: slot.id }),
              token,
            }),
            403,
          );
          await html(
            await app.request(`/teachers/${crypto.randomUUID()}`, { token }),
            404,
          );
          await html(
            await app.request(`/teachers/${student.id}`, { token }),
            404,
          );
          await html(await app.request("/teachers/nope", { token }), 404);
          assertRedirect(await app.request("/teachers"), /^\/login\?next=/);
        },
      );

      // ------------------------------------------------------ paging

      await t.step(
        "/bookings shows a page of each list; More upcoming and Older lead to the rest, each booking once",
        async () => {
          const { teacher, student } = await cast();
          const token = await app.tokenFor(student);
          const upcoming: string[] = [];
          const past: string[] = [];
          for (let i = 0; i <= LIST_PAGE_SIZE; i++) {
            upcoming.push(
              (await createTestBooking(app.db, {
                student,
                teacher,
                startInMinutes: 30 * DAY_MINUTES + i * 90,
              })).id,
            );
            past.push(
              (await createTestBooking(app.db, {
                student,
                teacher,
                status: "completed",
                startInMinutes: -30 * DAY_MINUTES - i * 90,
              })).id,
            );
          }
          const first = await html(
            await app.request("/bookings", { token }),
            200,
          );
          assert.deepEqual(bookingIds(first), [
            ...upcoming.slice(0, LIST_PAGE_SIZE),
            ...past.slice(0, LIST_PAGE_SIZE),
          ]);
          const more = nextLink(first, "More upcoming");
          const older = nextLink(first, "Older");
          assert.ok(more && older, "both lists link to their next page");
          const moreBody = await html(await app.request(more, { token }), 200);
          assert.deepEqual(bookingIds(moreBody), [
            upcoming[LIST_PAGE_SIZE],
            ...past.slice(0, LIST_PAGE_SIZE),
          ]);
          assert.equal(nextLink(moreBody, "More upcoming"), null);
          const olderBody = await html(
            await app.request(older, { token }),
            200,
          );
          assert.deepEqual(bookingIds(olderBody), [
            ...upcoming.slice(0, LIST_PAGE_SIZE),
            past[LIST_PAGE_SIZE],
          ]);
          assert.equal(nextLink(olderBody, "Older"), null);
          await html(
            await app.request("/bookings?past=nonsense", { token }),
            400,
          );
        },
      );

      await t.step(
        "/slots shows a page of slots; Later slots leads to the rest (the teacher's page goes by weeks: pages_availability_test.ts)",
        async () => {
          const { teacher } = await cast();
          const ids: string[] = [];
          for (let i = 0; i <= MAX_PAGE_SIZE; i++) {
            ids.push(
              (await createTestSlot(app.db, teacher, {
                startInMinutes: 50 * DAY_MINUTES + i * 60,
                minutes: 30,
              })).id,
            );
          }
          const slotIds = (body: string) =>
            [...body.matchAll(/data-slot-id="([^"]+)"/g)].map((m) => m[1]);
          for (
            const [path, token] of [
              ["/slots", await app.tokenFor(teacher)],
            ]
          ) {
            const first = await html(await app.request(path, { token }), 200);
            assert.deepEqual(slotIds(first), ids.slice(0, MAX_PAGE_SIZE), path);
            const later = nextLink(first, "Later slots");
            assert.ok(later, `${path} links to later slots`);
            const rest = await html(await app.request(later, { token }), 200);
            assert.deepEqual(slotIds(rest), ids.slice(MAX_PAGE_SIZE), path);
            assert.equal(nextLink(rest, "Later slots"), null);
          }
        },
      );
    } finally {
      await app.close();
    }
  },
});
