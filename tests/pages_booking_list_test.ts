// The booking list for busy people (/bookings) driven in-process with real
// requests: a teacher's requests first with confirm and decline in place,
// today's lessons apart, cancelled and declined ones out of Upcoming, the
// status filter, keyset paging of every list, and no script on any of it.
import assert from "node:assert/strict";
import { createTestApp, postForm, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";
import { LIST_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import { endOfDay } from "@/lib/bookings/list_sections.ts";

const DAY_MINUTES = 24 * 60;

async function html(res: Response, status: number): Promise<string> {
  const body = await res.text();
  assert.equal(res.status, status, body.slice(0, 500));
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  assert(!body.includes("<script"), "the list ships no script");
  return body;
}

function assertRedirect(res: Response, location: string | RegExp) {
  assert.equal(res.status, 303);
  const got = res.headers.get("location") ?? "";
  if (typeof location === "string") assert.equal(got, location);
  else assert.match(got, location);
}

/** The booking ids of each section of a page, in order. */
function sectionsOf(body: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const parts = body.split(/(?=<section\b[^>]*data-section=")/);
  for (const part of parts) {
    const name = /^<section\b[^>]*data-section="([^"]+)"/.exec(part)?.[1];
    if (!name) continue;
    out[name] = [...part.matchAll(/data-booking-id="([^"]+)"/g)].map((m) =>
      m[1]
    );
  }
  return out;
}

/** The href of the page's link to its next page with this label, if any. */
function nextLink(body: string, label: string): string | null {
  const match = new RegExp(
    `<a\\b[^>]*href="([^"]+)"[^>]*rel="next"[^>]*>${label} →</a>`,
  ).exec(body);
  return match ? match[1].replaceAll("&amp;", "&") : null;
}

/** The booking ids of the page's confirm forms (posting to the list). */
function confirmForms(body: string): string[] {
  return [...body.matchAll(/<form\b[^>]*>.*?<\/form>/gs)]
    .map((m) => m[0])
    .filter((f) =>
      /action="\/bookings"/.test(f) && /name="action" value="confirm"/.test(f)
    )
    .map((f) => /name="booking_id" value="([^"]+)"/.exec(f)![1]);
}

/**
 * The zone (of a few spread around the globe) with the most of today left,
 * so a lesson an hour from now is today's there whenever the test runs.
 */
function zoneWithDayLeft(): string {
  const now = new Date();
  const zones = ["UTC", "Asia/Kolkata", "Asia/Tokyo", "America/New_York"];
  return zones.map((z) => [z, endOfDay(now, z).getTime()] as const)
    .sort((a, b) => b[1] - a[1])[0][0];
}

interface Cast {
  teacher: User;
  student: User;
  outsider: User;
}

async function stored(app: TestApp, id: string) {
  const [row] = await app.db.query<
    { status: string; cancel_reason: string | null }
  >("SELECT status, cancel_reason FROM bookings WHERE id = $1", [id]);
  return row;
}

Deno.test({
  name: "the booking list",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await createTestApp();
    const zone = zoneWithDayLeft();
    const cast = async (): Promise<Cast> => ({
      teacher: await createTestUser(app.db, {
        role: "teacher",
        timeZone: zone,
      }),
      student: await createTestUser(app.db, {
        role: "student",
        timeZone: zone,
      }),
      outsider: await createTestUser(app.db, { role: "student" }),
    });
    const page = async (user: User, path = "/bookings", status = 200) =>
      await html(
        await app.request(path, { token: await app.tokenFor(user) }),
        status,
      );
    try {
      await t.step(
        `sections for a teacher and a student (${app.kind}, ${zone})`,
        async () => {
          const { teacher, student } = await cast();
          const mk = (
            startInMinutes: number,
            status?: "pending" | "cancelled" | "completed" | "confirmed",
          ) =>
            createTestBooking(app.db, {
              teacher,
              student,
              startInMinutes,
              status,
            }).then((b) => b.id);
          const later = await mk(3 * DAY_MINUTES);
          const request = await mk(2 * DAY_MINUTES, "pending");
          const today = await mk(60);
          const cancelled = await mk(4 * DAY_MINUTES, "cancelled");
          const past = await mk(-2 * DAY_MINUTES, "completed");

          const tb = await page(teacher);
          assert.deepEqual(sectionsOf(tb), {
            requests: [request],
            today: [today],
            upcoming: [later],
            cancelled: [cancelled],
            past: [past],
          });
          // Requests come first, with Confirm in place and a quiet Decline.
          assert.ok(
            tb.indexOf('data-section="requests"') <
              tb.indexOf('data-section="today"'),
          );
          assert.match(tb, /Requests waiting for you/);
          assert.deepEqual(confirmForms(tb), [request]);
          assert.match(tb, /<summary[^>]*>Decline…<\/summary>/);
          assert.match(tb, /data-request-count="1"/);
          // Today stands out.
          assert.match(
            tb,
            /<section class="[^"]*bg-brand-50[^"]*"[^>]*data-section="today"/,
          );

          const sb = await page(student);
          assert.deepEqual(sectionsOf(sb), {
            requests: [request],
            today: [today],
            upcoming: [later],
            cancelled: [cancelled],
            past: [past],
          });
          assert.match(sb, /Waiting for the teacher/);
          assert(sb.includes(`Waiting for ${teacher.username} to confirm`));
          assert.deepEqual(confirmForms(sb), [], "students cannot confirm");
          assert(!sb.includes("data-request-count"));
        },
      );

      await t.step("the status filter", async () => {
        const { teacher, student } = await cast();
        const mk = (
          startInMinutes: number,
          status?: "pending" | "cancelled" | "completed" | "confirmed",
        ) =>
          createTestBooking(app.db, {
            teacher,
            student,
            startInMinutes,
            status,
          }).then((b) => b.id);
        const request = await mk(2 * DAY_MINUTES, "pending");
        const confirmed = await mk(3 * DAY_MINUTES);
        const cancelledA = await mk(4 * DAY_MINUTES, "cancelled");
        const cancelledB = await mk(5 * DAY_MINUTES, "cancelled");
        const completed = await mk(-2 * DAY_MINUTES, "completed");
        // Finished but not swept yet: shown settled, as a no-show.
        const unswept = await mk(-DAY_MINUTES, "confirmed");

        const only = async (status: string, user = teacher) =>
          sectionsOf(await page(user, `/bookings?status=${status}`)).filtered;
        assert.deepEqual(await only("pending"), [request]);
        assert.deepEqual(await only("confirmed"), [confirmed]);
        // Latest first for lists that are mostly history.
        assert.deepEqual(await only("cancelled"), [cancelledB, cancelledA]);
        assert.deepEqual(await only("completed"), [completed]);
        assert.deepEqual(await only("no_show"), [unswept]);
        assert.deepEqual(await only("technical_failure"), []);
        assert.deepEqual(await only("cancelled", student), [
          cancelledB,
          cancelledA,
        ]);
        const filtered = await page(teacher, "/bookings?status=pending");
        assert.deepEqual(confirmForms(filtered), [request]);
        assert.match(filtered, /aria-current="page"[^>]*data-filter="pending"/);
        await page(teacher, "/bookings?status=declined", 400);
      });

      await t.step(
        "keyset paging of requests, cancelled lessons and a filtered list, each booking once",
        async () => {
          const { teacher, student } = await cast();
          const requests: string[] = [];
          const cancelled: string[] = [];
          for (let i = 0; i <= LIST_PAGE_SIZE; i++) {
            requests.push(
              (await createTestBooking(app.db, {
                teacher,
                student,
                status: "pending",
                startInMinutes: 10 * DAY_MINUTES + i * 90,
              })).id,
            );
            cancelled.push(
              (await createTestBooking(app.db, {
                teacher,
                student,
                status: "cancelled",
                startInMinutes: 20 * DAY_MINUTES + i * 90,
              })).id,
            );
          }
          const first = await page(teacher);
          assert.deepEqual(
            sectionsOf(first).requests,
            requests.slice(0, LIST_PAGE_SIZE),
          );
          assert.deepEqual(
            sectionsOf(first).cancelled,
            cancelled.toReversed().slice(0, LIST_PAGE_SIZE),
          );
          assert.match(
            first,
            new RegExp(`data-request-count="${requests.length}"`),
          );
          const more = nextLink(first, "More requests");
          const moreCancelled = nextLink(first, "More cancelled");
          assert.ok(more && moreCancelled);
          const second = await page(teacher, more);
          assert.deepEqual(sectionsOf(second).requests, [
            requests[LIST_PAGE_SIZE],
          ]);
          assert.equal(nextLink(second, "More requests"), null);
          const secondCancelled = await page(teacher, moreCancelled);
          assert.deepEqual(sectionsOf(secondCancelled).cancelled, [
            cancelled[0],
          ]);

          // A filtered list pages with ?after= and keeps its filter.
          const seen: string[] = [];
          let href: string | null = "/bookings?status=cancelled";
          while (href) {
            const body = await page(student, href);
            seen.push(...sectionsOf(body).filtered);
            href = nextLink(body, "More");
            if (href) {
              assert.match(href, /^\/bookings\?status=cancelled&after=/);
            }
          }
          assert.deepEqual(seen, cancelled.toReversed());
          await page(student, "/bookings?status=cancelled&after=nonsense", 400);
        },
      );

      await t.step(
        "a teacher confirms and declines in place and comes back to the list",
        async () => {
          const { teacher, student, outsider } = await cast();
          const one = (await createTestBooking(app.db, {
            teacher,
            student,
            status: "pending",
            startInMinutes: 2 * DAY_MINUTES,
          })).id;
          const two = (await createTestBooking(app.db, {
            teacher,
            student,
            status: "pending",
            startInMinutes: 3 * DAY_MINUTES,
          })).id;
          const token = await app.tokenFor(teacher);
          assertRedirect(
            await postForm(app, "/bookings", {
              action: "confirm",
              booking_id: one,
            }, token),
            "/bookings?done=confirm",
          );
          assert.equal((await stored(app, one)).status, "confirmed");
          const after = await page(teacher, "/bookings?done=confirm");
          assert.match(after, /You confirmed the request/);
          assert.deepEqual(sectionsOf(after).requests, [two]);
          assert.deepEqual(sectionsOf(after).upcoming, [one]);

          // Answering again is a conflict, shown on the list.
          const again = await html(
            await postForm(app, "/bookings", {
              action: "confirm",
              booking_id: one,
            }, token),
            409,
          );
          assert.match(
            again,
            /Cannot confirm booking: it is already confirmed/,
          );

          assertRedirect(
            await postForm(app, "/bookings", {
              action: "decline",
              booking_id: two,
              reason: "Away that week",
              status: "pending",
            }, token),
            "/bookings?status=pending&done=decline",
          );
          assert.deepEqual(await stored(app, two), {
            status: "cancelled",
            cancel_reason: "Away that week",
          });
          const declined = await page(teacher);
          assert.deepEqual(sectionsOf(declined).cancelled, [two]);
          assert.equal(sectionsOf(declined).requests, undefined);

          // Who may not: the student, an outsider, nobody; bad input.
          const three = (await createTestBooking(app.db, {
            teacher,
            student,
            status: "pending",
            startInMinutes: 4 * DAY_MINUTES,
          })).id;
          await html(
            await postForm(app, "/bookings", {
              action: "confirm",
              booking_id: three,
            }, await app.tokenFor(student)),
            403,
          );
          await html(
            await postForm(app, "/bookings", {
              action: "decline",
              booking_id: three,
            }, await app.tokenFor(outsider)),
            403,
          );
          assertRedirect(
            await postForm(app, "/bookings", {
              action: "confirm",
              booking_id: three,
            }),
            /^\/login\?next=/,
          );
          await html(
            await postForm(app, "/bookings", {
              action: "confirm",
              booking_id: crypto.randomUUID(),
            }, token),
            404,
          );
          await html(
            await postForm(app, "/bookings", {
              action: "cancel",
              booking_id: three,
            }, token),
            400,
          );
          await html(
            await postForm(app, "/bookings", {
              action: "decline",
              booking_id: three,
              reason: "x".repeat(501),
            }, token),
            400,
          );
          const crossOrigin = await app.request("/bookings", {
            method: "POST",
            token,
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              origin: "https://evil.example",
            },
            body: new URLSearchParams({ action: "confirm", booking_id: three })
              .toString(),
          });
          assert.equal(crossOrigin.status, 403);
          await crossOrigin.body?.cancel();
          assert.equal((await stored(app, three)).status, "pending");
        },
      );

      await t.step("a started request can no longer be answered", async () => {
        const { teacher, student } = await cast();
        const started = (await createTestBooking(app.db, {
          teacher,
          student,
          status: "pending",
          startInMinutes: -5,
        })).id;
        const body = await page(teacher);
        assert.deepEqual(sectionsOf(body).today, [started]);
        assert.deepEqual(confirmForms(body), []);
        const res = await html(
          await postForm(app, "/bookings", {
            action: "confirm",
            booking_id: started,
          }, await app.tokenFor(teacher)),
          409,
        );
        assert.match(res, /it has already started/);
      });
    } finally {
      await app.close();
    }
  },
});
