// Booking by time under real concurrency on PostgreSQL (many connections,
// real constraint waits): the rules say a time is free to everyone at once;
// the exclusion constraints decide, and exactly one booking is made.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestUser, realPostgresUrl } from "@/tests/_db.ts";
import { saveAvailability } from "@/lib/availability/store.ts";
import type { User } from "@/lib/auth/users.ts";

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const RACERS = 50;

async function bookAt(
  app: TestApp,
  token: string,
  teacher: User,
  start: Date,
  length: number,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await app.request("/api/bookings", {
    method: "POST",
    token,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      teacher_id: teacher.id,
      start_at: start.toISOString(),
      length_minutes: length,
    }),
  });
  const text = await res.text();
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return { status: res.status, body: JSON.parse(text) };
}

/** 10:00 UTC `days` from today. */
function tenOClock(days: number): Date {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(10, 0, 0, 0);
  return d;
}

Deno.test({
  name: "booking by time races on PostgreSQL",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await createTestApp({}, { url: realPostgresUrl() });
    assert.equal(app.kind, "postgres");
    const openTeacher = async () => {
      const teacher = await createTestUser(app.db, { role: "teacher" });
      await saveAvailability(app.db, teacher.id, {
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: 0,
          end: 1440,
        })),
        lesson_lengths: [30, 60, 90],
        grid_minutes: 30,
        buffer_after_minutes: 10,
      });
      return teacher;
    };
    const students = async (n: number) => {
      const list = await Promise.all(
        [...Array(n)].map(() => createTestUser(app.db, { role: "student" })),
      );
      return await Promise.all(list.map((s) => app.tokenFor(s)));
    };
    try {
      await t.step(
        `${RACERS} students book one computed time at once: exactly one booking`,
        async () => {
          const teacher = await openTeacher();
          const tokens = await students(RACERS);
          const start = tenOClock(4);
          const results = await Promise.all(
            tokens.map((token) => bookAt(app, token, teacher, start, 60)),
          );
          const statuses = results.map((r) => r.status);
          assert.equal(statuses.filter((s) => s === 201).length, 1);
          assert.equal(
            statuses.filter((s) => s === 409).length,
            RACERS - 1,
            JSON.stringify(
              results.find((r) => r.status !== 201 && r.status !== 409),
            ),
          );
          for (const r of results.filter((r) => r.status === 409)) {
            assert.match(
              (r.body.error as { message: string }).message,
              /^Cannot book time: (the teacher already has a booking at that time|it is already taken)$/,
            );
          }
          const rows = await app.db.query(
            "SELECT 1 FROM bookings WHERE teacher_id = $1",
            [teacher.id],
          );
          assert.equal(rows.length, 1);
        },
      );

      await t.step(
        "two students race for overlapping times of different lengths: one booking each round",
        async () => {
          const teacher = await openTeacher();
          for (let round = 0; round < 10; round++) {
            const [a, b] = await students(2);
            const start = new Date(
              tenOClock(5).getTime() + round * 4 * 60 * MINUTE,
            );
            // 60 minutes at :00 against 30 minutes at :30, or against 30
            // minutes starting in the first one's 10-minute buffer after.
            const other = round % 2 === 0
              ? [new Date(start.getTime() + 30 * MINUTE), 30] as const
              : [new Date(start.getTime() + 60 * MINUTE), 30] as const;
            const results = await Promise.all([
              bookAt(app, a, teacher, start, 60),
              bookAt(app, b, teacher, other[0], other[1]),
            ]);
            assert.deepEqual(
              results.map((r) => r.status).sort(),
              [201, 409],
              `round ${round}: ${JSON.stringify(results)}`,
            );
          }
          const rows = await app.db.query(
            "SELECT 1 FROM bookings WHERE teacher_id = $1",
            [teacher.id],
          );
          assert.equal(rows.length, 10);
        },
      );
    } finally {
      await app.close();
    }
  },
});
