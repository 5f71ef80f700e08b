// The lifecycle on the pages, in-process with real requests: the booking
// page's history, late-cancellation warning and note, and rescheduling by
// form (propose, accept, decline) with its refusals.
import assert from "node:assert/strict";
import { createTestApp, postForm, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import { saveAvailability } from "@/lib/availability/store.ts";
import { getBooking } from "@/lib/bookings/queries.ts";

const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";

async function html(res: Response, status: number): Promise<string> {
  const body = await res.text();
  assert.equal(res.status, status, body.slice(0, 500));
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  return body;
}

function redirectsTo(res: Response, location: string) {
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), location);
}

Deno.test({
  name: `lifecycle pages (${ENGINE})`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app: TestApp = await createTestApp();
    const pair = async (startInMinutes: number) => {
      const ada = await createTestUser(app.db, { role: "teacher" });
      await saveAvailability(app.db, ada.id, {
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: 0,
          end: 1440,
        })),
        lesson_lengths: [60],
        min_notice_minutes: 60,
      });
      const bob = await createTestUser(app.db, { role: "student" });
      const b = await createTestBooking(app.db, {
        teacher: ada,
        student: bob,
        startInMinutes,
      });
      return {
        ada,
        bob,
        b,
        adaToken: await app.tokenFor(ada),
        bobToken: await app.tokenFor(bob),
      };
    };
    try {
      await t.step(
        "the cancel form warns a student inside the window; the cancelled booking says late cancellation and shows its history",
        async () => {
          const { b, bobToken, adaToken } = await pair(3 * 60);
          const page = await html(
            await app.request(`/bookings/${b.id}`, { token: bobToken }),
            200,
          );
          assert.match(page, /data-late-cancel-warning/);
          assert.match(page, /recorded as a late cancellation/);
          const teacherPage = await html(
            await app.request(`/bookings/${b.id}`, { token: adaToken }),
            200,
          );
          assert.doesNotMatch(teacherPage, /data-late-cancel-warning/);
          redirectsTo(
            await postForm(app, `/bookings/${b.id}`, {
              action: "cancel",
              reason: "Sorry",
              start_at: b.start_at.toISOString(),
            }, bobToken),
            `/bookings/${b.id}?done=cancel`,
          );
          const after = await html(
            await app.request(`/bookings/${b.id}`, { token: adaToken }),
            200,
          );
          assert.match(after, /\(late cancellation\)/);
          assert.match(after, /data-booking-history/);
          assert.match(after, /data-event-kind="cancelled"/);
        },
      );

      await t.step(
        "a cancel form for a time the booking no longer has is refused with 409 and cancels nothing",
        async () => {
          const { b, bobToken } = await pair(48 * 60);
          const res = await postForm(app, `/bookings/${b.id}`, {
            action: "cancel",
            reason: "Sorry",
            start_at: new Date(b.start_at.getTime() - 3_600_000).toISOString(),
          }, bobToken);
          assert.match(await html(res, 409), /moved to another time/);
          assert.equal((await getBooking(app.db, b.id))!.status, "confirmed");
        },
      );

      await t.step(
        "a student proposes one of the listed free times, the teacher accepts on the booking page: the page shows the new time and the history",
        async () => {
          const { b, bobToken, adaToken } = await pair(2 * 24 * 60);
          const choose = await html(
            await app.request(`/bookings/${b.id}/reschedule`, {
              token: bobToken,
            }),
            200,
          );
          const starts = [
            ...choose.matchAll(/name="start_at" value="([^"]+)"/g),
          ]
            .map((m) => m[1]);
          assert.ok(starts.length > 10, "free times are listed");
          const target = starts[starts.length - 1];
          redirectsTo(
            await postForm(app, `/bookings/${b.id}/reschedule`, {
              action: "propose",
              start_at: target,
            }, bobToken),
            `/bookings/${b.id}?done=reschedule_proposed`,
          );
          const teacherPage = await html(
            await app.request(`/bookings/${b.id}`, { token: adaToken }),
            200,
          );
          assert.match(teacherPage, /Accept new time/);
          assert.match(teacherPage, /data-event-kind="reschedule_proposed"/);
          const studentPage = await html(
            await app.request(`/bookings/${b.id}`, { token: bobToken }),
            200,
          );
          assert.doesNotMatch(studentPage, /Accept new time/);
          redirectsTo(
            await postForm(app, `/bookings/${b.id}/reschedule`, {
              action: "accept",
            }, adaToken),
            `/bookings/${b.id}?done=reschedule_accepted`,
          );
          const moved = (await getBooking(app.db, b.id))!;
          assert.equal(moved.start_at.toISOString(), target);
          const after = await html(
            await app.request(`/bookings/${b.id}`, { token: bobToken }),
            200,
          );
          assert.match(after, /data-event-kind="reschedule_accepted"/);
        },
      );

      await t.step(
        "the teacher proposes a local time; the student declines; bad input is shown again with its status",
        async () => {
          const { b, bobToken, adaToken } = await pair(2 * 24 * 60);
          const page = await html(
            await app.request(`/bookings/${b.id}/reschedule`, {
              token: adaToken,
            }),
            200,
          );
          assert.match(page, /name="local_start"/);
          const past = await postForm(app, `/bookings/${b.id}/reschedule`, {
            action: "propose",
            local_start: "2020-01-01T10:00",
          }, adaToken);
          assert.match(await html(past, 400), /Choose a time in the future/);
          const empty = await postForm(app, `/bookings/${b.id}/reschedule`, {
            action: "propose",
            local_start: "",
          }, adaToken);
          await html(empty, 400);
          const later = new Date(b.start_at.getTime() + 24 * 3_600_000);
          const local = later.toISOString().slice(0, 16); // the teacher is in UTC
          redirectsTo(
            await postForm(app, `/bookings/${b.id}/reschedule`, {
              action: "propose",
              local_start: local,
            }, adaToken),
            `/bookings/${b.id}?done=reschedule_proposed`,
          );
          const twice = await postForm(app, `/bookings/${b.id}/reschedule`, {
            action: "propose",
            local_start: local,
          }, adaToken);
          assert.match(await html(twice, 409), /already open/);
          redirectsTo(
            await postForm(app, `/bookings/${b.id}/reschedule`, {
              action: "decline",
            }, bobToken),
            `/bookings/${b.id}?done=reschedule_declined`,
          );
          assert.equal(
            (await getBooking(app.db, b.id))!.start_at.toISOString(),
            b.start_at.toISOString(),
          );
        },
      );

      await t.step(
        "the reschedule page refuses outsiders (403), unknown bookings (404) and anonymous visitors (login)",
        async () => {
          const { b } = await pair(2 * 24 * 60);
          const outsider = await createTestUser(app.db, { role: "student" });
          const token = await app.tokenFor(outsider);
          const page = await html(
            await app.request(`/bookings/${b.id}/reschedule`, { token }),
            403,
          );
          assert.doesNotMatch(page, /name="start_at"/);
          await html(
            await postForm(app, `/bookings/${b.id}/reschedule`, {
              action: "accept",
            }, token),
            403,
          );
          await html(
            await app.request(`/bookings/${crypto.randomUUID()}/reschedule`, {
              token,
            }),
            404,
          );
          const anonymous = await app.request(`/bookings/${b.id}/reschedule`);
          assert.equal(anonymous.status, 303);
          assert.match(anonymous.headers.get("location") ?? "", /^\/login/);
        },
      );
    } finally {
      await app.close();
    }
  },
});
