import assert from "node:assert/strict";
import { openTestDatabase } from "@/tests/_db.ts";
import { roomState } from "@/lib/bookings/room.ts";
import { bookableTimes } from "@/lib/availability/bookable.ts";
import {
  DEMO_ACCOUNTS,
  describeSeed,
  ensureOpenDemoRoom,
  seedDemo,
} from "@/lib/demo/seed.ts";

const MINUTE = 60_000;

async function openRoomAt(
  db: Awaited<ReturnType<typeof openTestDatabase>>["db"],
  id: string,
  now: Date,
): Promise<string> {
  const [b] = await db.query<
    { start_at: Date; end_at: Date; status: "confirmed" }
  >("SELECT start_at, end_at, status FROM bookings WHERE id = $1", [id]);
  return roomState(b, now).state;
}

Deno.test("seeding again keeps the open demo booking, and makes a new one once the last has ended", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const start = new Date();
    const first = await seedDemo(db, start);
    assert.equal(first.createdAccounts, true);
    assert.equal(await openRoomAt(db, first.openBookingId, start), "open");

    const again = await seedDemo(db, new Date(start.getTime() + 10 * MINUTE));
    assert.equal(again.createdAccounts, false);
    assert.equal(again.openBookingId, first.openBookingId);

    const later = new Date(start.getTime() + 3 * 60 * MINUTE);
    assert.notEqual(await openRoomAt(db, first.openBookingId, later), "open");
    const next = await seedDemo(db, later);
    assert.notEqual(next.openBookingId, first.openBookingId);
    assert.equal(await openRoomAt(db, next.openBookingId, later), "open");
    const [{ count }] = await db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM users",
    );
    assert.equal(count, DEMO_ACCOUNTS.length);
  } finally {
    await close();
  }
});

Deno.test("the printed lines give every demo sign-in and the open room's link", () => {
  const text = describeSeed(
    { createdAccounts: false, openBookingId: "b-1" },
    "http://localhost:8000",
  );
  for (const a of DEMO_ACCOUNTS) assert.match(text, new RegExp(a.email));
  assert.match(text, /password: demo-password/);
  assert.match(text, /http:\/\/localhost:8000\/bookings\/b-1$/);
});

Deno.test("the running server's check keeps an open demo room, adds one once the last has ended, and needs the demo accounts", async () => {
  const { db, close } = await openTestDatabase();
  try {
    assert.equal(await ensureOpenDemoRoom(db), null);
    const start = new Date();
    const { openBookingId } = await seedDemo(db, start);
    const count = async () =>
      (await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM bookings",
      ))[0].n;
    const before = await count();
    assert.deepEqual(
      await ensureOpenDemoRoom(db, new Date(start.getTime() + 20 * MINUTE)),
      { id: openBookingId, created: false },
    );
    const later = new Date(start.getTime() + 90 * MINUTE);
    const room = await ensureOpenDemoRoom(db, later);
    assert.equal(room?.created, true);
    assert.notEqual(room?.id, openBookingId);
    assert.equal(await openRoomAt(db, room!.id, later), "open");
    assert.equal(await count(), before + 1);
  } finally {
    await close();
  }
});

Deno.test("the demo teacher has weekday hours, so the teacher's page offers times", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const now = new Date();
    await seedDemo(db, now);
    const [{ id }] = await db.query<{ id: string }>(
      "SELECT id FROM users WHERE email = 'teacher@demo.test'",
    );
    const times = await bookableTimes(db, id, {
      from: now,
      to: new Date(now.getTime() + 14 * 24 * 60 * MINUTE),
      lengthMinutes: 60,
    }, now);
    // The seed's one-off slots come on top; the weekly hours give the rest.
    const weekly = times.filter((t) => !t.slot_id);
    assert.ok(weekly.length > 10, `${weekly.length} times`);
    for (const t of weekly) {
      const weekday = t.start_at.getUTCDay();
      assert.ok(weekday >= 1 && weekday <= 5, t.start_at.toISOString());
    }
  } finally {
    await close();
  }
});
