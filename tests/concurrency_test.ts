// Double booking under real concurrency: many requests at once through the
// API, against real PostgreSQL (many connections, real row locks and
// constraint waits). The same race also runs through the PGlite app, which
// serializes everything but must give the same answers.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import {
  createTestSlot,
  createTestUser,
  realPostgresUrl,
} from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";

const POSTGRES_URL = realPostgresUrl();
const RACERS = 50;
// Deadlocks between waiting inserts depend on timing: race a few times.
const ROUNDS = 5;

/** Starts the app on PGlite even when TEST_DATABASE_URL is set. */
function createPgliteApp(): Promise<TestApp> {
  return createTestApp({}, { url: null });
}

/** POSTs a booking as a browser with the session cookie would. */
async function book(
  app: TestApp,
  token: string,
  slotId: string,
): Promise<
  {
    status: number;
    body: { error?: { code: string } } & Record<string, unknown>;
  }
> {
  const res = await app.request("/api/bookings", {
    method: "POST",
    token,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ slot_id: slotId }),
  });
  const text = await res.text();
  assert.match(
    res.headers.get("content-type") ?? "",
    /^application\/json/,
    `${res.status}: ${text.slice(0, 300)}`,
  );
  return { status: res.status, body: JSON.parse(text) };
}

function countStatuses(results: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of results) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** 50 students book one slot at once: exactly one wins, the rest get 409. */
async function raceForOneSlot(app: TestApp, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) await raceOnce(app);
}

async function raceOnce(app: TestApp): Promise<void> {
  const teacher = await createTestUser(app.db, { role: "teacher" });
  const slot = await createTestSlot(app.db, teacher);
  const students: User[] = [];
  for (let i = 0; i < RACERS; i++) {
    students.push(await createTestUser(app.db, { role: "student" }));
  }
  const tokens = await Promise.all(students.map((s) => app.tokenFor(s)));

  const results = await Promise.all(
    tokens.map((token) => book(app, token, slot.id)),
  );

  assert.deepEqual(
    countStatuses(results),
    { 201: 1, 409: RACERS - 1 },
    JSON.stringify(
      results.filter((r) => r.status !== 201 && r.status !== 409),
    ).slice(0, 1000),
  );
  for (const r of results.filter((r) => r.status === 409)) {
    assert.equal(r.body.error?.code, "conflict");
  }
  const winner = results.find((r) => r.status === 201)!.body;
  assert.equal(winner.slot_id, slot.id);
  assert.ok(students.some((s) => s.id === winner.student_id));

  const rows = await app.db.query<{ student_id: string; status: string }>(
    "SELECT student_id, status FROM bookings WHERE slot_id = $1",
    [slot.id],
  );
  assert.equal(rows.length, 1, "the losers left no rows behind");
  assert.equal(rows[0].student_id, winner.student_id);
  assert.ok(["pending", "confirmed"].includes(rows[0].status));
}

/** One student books two overlapping slots of two teachers at once. */
async function raceForOneStudent(app: TestApp, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const student = await createTestUser(app.db, { role: "student" });
    const token = await app.tokenFor(student);
    const start = 24 * 60 + round * 180;
    const a = await createTestSlot(
      app.db,
      await createTestUser(app.db, { role: "teacher" }),
      { startInMinutes: start, minutes: 60 },
    );
    const b = await createTestSlot(
      app.db,
      await createTestUser(app.db, { role: "teacher" }),
      { startInMinutes: start + 30, minutes: 60 },
    );

    const results = await Promise.all([
      book(app, token, a.id),
      book(app, token, b.id),
    ]);

    assert.deepEqual(
      countStatuses(results),
      { 201: 1, 409: 1 },
      JSON.stringify(results),
    );
    const [{ active }] = await app.db.query<{ active: number }>(
      `SELECT count(*)::int AS active FROM bookings
       WHERE student_id = $1 AND status IN ('pending', 'confirmed')`,
      [student.id],
    );
    assert.equal(active, 1);
  }
}

/**
 * A student books a slot while its teacher deletes it, at once: one of the
 * two wins, and an active booking never stands on a deleted slot.
 */
async function raceBookingAgainstDelete(
  app: TestApp,
  rounds: number,
): Promise<Record<string, number>> {
  const teacher = await createTestUser(app.db, { role: "teacher" });
  const teacherToken = await app.tokenFor(teacher);
  const outcomes: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    const student = await createTestUser(app.db, { role: "student" });
    const token = await app.tokenFor(student);
    const slot = await createTestSlot(app.db, teacher, {
      startInMinutes: 24 * 60 + round * 90,
    });
    const [booked, deleted] = await Promise.all([
      book(app, token, slot.id),
      app.request(`/api/slots/${slot.id}`, {
        method: "DELETE",
        token: teacherToken,
      }).then(async (res) => ({ status: res.status, text: await res.text() })),
    ]);
    const outcome = `${booked.status}/${deleted.status}`;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    assert.ok(
      ["201/409", "404/204"].includes(outcome),
      `round ${round}: booking ${booked.status}, delete ${deleted.status} ${deleted.text}`,
    );
    const [{ stray }] = await app.db.query<{ stray: number }>(
      `SELECT count(*)::int AS stray FROM bookings b JOIN slots s ON s.id = b.slot_id
       WHERE s.id = $1 AND s.deleted_at IS NOT NULL AND b.status IN ('pending', 'confirmed')`,
      [slot.id],
    );
    assert.equal(
      stray,
      0,
      `round ${round}: an active booking of a deleted slot`,
    );
  }
  return outcomes;
}

Deno.test({
  name: "double booking under concurrency (postgres)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    // Real PostgreSQL even when the rest of the suite runs on PGlite.
    const app = await createTestApp({}, { url: POSTGRES_URL });
    try {
      assert.equal(app.kind, "postgres");
      await t.step(
        `${RACERS} students booking one slot at once get one 201 and ${
          RACERS - 1
        } 409s`,
        () => raceForOneSlot(app, ROUNDS),
      );
      await t.step(
        "a student booking two overlapping slots of two teachers at once gets one 201 and one 409",
        () => raceForOneStudent(app, ROUNDS * 2),
      );
      await t.step(
        "a booking and a delete of its slot at once: one wins, never both (40 rounds)",
        async () => {
          await raceBookingAgainstDelete(app, 40);
        },
      );
    } finally {
      await app.close();
    }
  },
});

Deno.test({
  name: "double booking under concurrency (pglite, serialized)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await createPgliteApp();
    try {
      assert.equal(app.kind, "pglite");
      await t.step(
        `${RACERS} students booking one slot at once get one 201 and ${
          RACERS - 1
        } 409s`,
        () => raceForOneSlot(app, 1),
      );
      await t.step(
        "a student booking two overlapping slots of two teachers at once gets one 201 and one 409",
        () => raceForOneStudent(app, 1),
      );
      await t.step(
        "a booking and a delete of its slot at once: one wins, never both",
        async () => {
          await raceBookingAgainstDelete(app, 3);
        },
      );
    } finally {
      await app.close();
    }
  },
});
