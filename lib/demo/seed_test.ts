import assert from "node:assert/strict";
import { openTestDatabase } from "@/tests/_db.ts";
import { roomState } from "@/lib/bookings/room.ts";
import { DEMO_ACCOUNTS, describeSeed, seedDemo } from "@/lib/demo/seed.ts";

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
