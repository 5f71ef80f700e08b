import assert from "node:assert/strict";
import type { Availability } from "@/lib/availability/compute.ts";
import {
  type AvailabilityRules,
  DEFAULT_POLICY,
} from "@/lib/availability/rules.ts";
import { nextFreeStart, refreshNextFree } from "@/lib/profiles/next_free.ts";
import { openTestDatabase } from "@/tests/_db.ts";
import { createTestSlot, createTestUser } from "@/tests/_db.ts";
import { saveAvailability } from "@/lib/availability/store.ts";

// A Sunday; the rules below open Wednesdays 09:00–12:00 UTC.
const NOW = new Date("2026-03-01T00:00:00Z");
const WEDNESDAY = { weekday: 3, start: 540, end: 720 };

function availability(more: Partial<Availability> = {}): Availability {
  const rules: AvailabilityRules = {
    ...DEFAULT_POLICY,
    min_notice_minutes: 0,
    time_zone: "UTC",
    weekly: [WEDNESDAY],
    overrides: [],
  };
  return { rules, busy: [], slots: [], ...more };
}

Deno.test("nextFreeStart() is the earliest bookable start of any length", () => {
  assert.equal(
    nextFreeStart(availability(), NOW)?.toISOString(),
    "2026-03-04T09:00:00.000Z",
  );
  // A booking holding 09:00–10:00 moves it to 10:00.
  const busy = [{
    from: new Date("2026-03-04T09:00:00Z"),
    until: new Date("2026-03-04T10:00:00Z"),
  }];
  assert.equal(
    nextFreeStart(availability({ busy }), NOW)?.toISOString(),
    "2026-03-04T10:00:00.000Z",
  );
  // A one-off slot of a length the rules do not offer counts too.
  const slots = [{
    id: "s",
    start_at: new Date("2026-03-02T07:00:00Z"),
    end_at: new Date("2026-03-02T07:50:00Z"),
  }];
  assert.equal(
    nextFreeStart(availability({ slots }), NOW)?.toISOString(),
    "2026-03-02T07:00:00.000Z",
  );
});

Deno.test("nextFreeStart() looks past empty weeks, up to its scan", () => {
  // Every Wednesday of the next three weeks is off.
  const overrides = ["2026-03-04", "2026-03-11", "2026-03-18"].map((date) => ({
    date,
    intervals: [],
  }));
  const a = availability();
  a.rules.overrides = overrides;
  assert.equal(
    nextFreeStart(a, NOW)?.toISOString(),
    "2026-03-25T09:00:00.000Z",
  );
  assert.equal(nextFreeStart(a, NOW, 21), null);
  assert.equal(
    nextFreeStart(availability({ rules: { ...a.rules, weekly: [] } }), NOW),
    null,
  );
});

Deno.test("refreshNextFree() stores each active teacher's next free time", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const now = new Date();
    const hours = await createTestUser(db, { role: "teacher" });
    await saveAvailability(db, hours.id, {
      min_notice_minutes: 0,
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        start: 0,
        end: 1440,
      })),
    });
    const slot = await createTestUser(db, { role: "teacher" });
    const made = await createTestSlot(db, slot, { startInMinutes: 3 * 1440 });
    const none = await createTestUser(db, { role: "teacher" });
    const ids = [hours.id, slot.id, none.id];
    assert.equal(await refreshNextFree(db, now, ids), 3);
    const rows = await db.query<{ teacher_id: string; next_free_at: Date }>(
      `SELECT teacher_id, next_free_at FROM teacher_next_free
       WHERE teacher_id = ANY($1::uuid[])`,
      [ids],
    );
    const at = new Map(rows.map((r) => [r.teacher_id, r.next_free_at]));
    const soon = at.get(hours.id);
    assert.ok(soon && +soon - +now <= 30 * 60_000, "within one grid step");
    assert.equal(at.get(slot.id)?.getTime(), made.start_at.getTime());
    assert.ok(at.has(none.id));
    assert.equal(at.get(none.id), null);
    // Unknown ids are skipped, not an error.
    assert.equal(await refreshNextFree(db, now, [crypto.randomUUID()]), 0);
  } finally {
    await close();
  }
});
