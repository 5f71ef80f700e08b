import assert from "node:assert/strict";
import { migrate } from "@/lib/db/migrate.ts";
import { PG_FOREIGN_KEY_VIOLATION } from "@/lib/db/errors.ts";
import {
  ENGINE,
  fixtures,
  insertBookingRow,
  MINUTE,
  rejectsWithSqlState,
} from "@/lib/bookings/_testing.ts";
import {
  createTestBooking,
  createTestSlot,
  openTestDatabase,
} from "@/tests/_db.ts";

Deno.test(`booking constraints (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  try {
    await t.step(
      "the database refuses a second active booking of a slot (23505)",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        await insertBookingRow(db, {
          slot_id: slot.id,
          student_id: bob.id,
          teacher_id: ada.id,
          start_at: slot.start_at,
          end_at: slot.end_at,
          status: "pending",
        });
        // A faithful copy with another student hits a constraint either way.
        await rejectsWithSqlState(
          insertBookingRow(db, {
            slot_id: slot.id,
            student_id: (await student()).id,
            teacher_id: ada.id,
            start_at: slot.start_at,
            end_at: slot.end_at,
            status: "confirmed",
          }),
          ["23505", "23P01"],
        );
        // With nothing else in common, the one-active-booking-per-slot index does.
        await rejectsWithSqlState(
          insertBookingRow(db, {
            slot_id: slot.id,
            student_id: (await student()).id,
            teacher_id: (await teacher()).id,
            start_at: slot.start_at,
            end_at: slot.end_at,
            status: "confirmed",
          }),
          "23505",
          "bookings_one_active_per_slot",
        );
      },
    );

    await t.step(
      "the database refuses overlapping active bookings of one teacher (23P01)",
      async () => {
        const ada = await teacher();
        const a = await createTestSlot(db, ada, { startInMinutes: 9000 });
        const b = await createTestSlot(db, ada, { startInMinutes: 9060 });
        await insertBookingRow(db, {
          slot_id: a.id,
          student_id: (await student()).id,
          teacher_id: ada.id,
          start_at: a.start_at,
          end_at: a.end_at,
        });
        await rejectsWithSqlState(
          insertBookingRow(db, {
            slot_id: b.id,
            student_id: (await student()).id,
            teacher_id: ada.id,
            start_at: new Date(a.start_at.getTime() + 30 * MINUTE),
            end_at: new Date(a.end_at.getTime() + 30 * MINUTE),
          }),
          "23P01",
          "bookings_teacher_no_overlap",
        );
        // Back to back is fine.
        await insertBookingRow(db, {
          slot_id: b.id,
          student_id: (await student()).id,
          teacher_id: ada.id,
          start_at: b.start_at,
          end_at: b.end_at,
        });
      },
    );

    await t.step(
      "the database refuses overlapping active bookings of one student (23P01)",
      async () => {
        const bob = await student();
        const t1 = await teacher();
        const t2 = await teacher();
        const a = await createTestSlot(db, t1, { startInMinutes: 9000 });
        const b = await createTestSlot(db, t2, { startInMinutes: 9010 });
        await insertBookingRow(db, {
          slot_id: a.id,
          student_id: bob.id,
          teacher_id: t1.id,
          start_at: a.start_at,
          end_at: a.end_at,
          status: "pending",
        });
        await rejectsWithSqlState(
          insertBookingRow(db, {
            slot_id: b.id,
            student_id: bob.id,
            teacher_id: t2.id,
            start_at: b.start_at,
            end_at: b.end_at,
            status: "pending",
          }),
          "23P01",
          "bookings_student_no_overlap",
        );
        // A booking that is not active does not hold the student's time.
        await insertBookingRow(db, {
          slot_id: b.id,
          student_id: bob.id,
          teacher_id: t2.id,
          start_at: b.start_at,
          end_at: b.end_at,
          status: "cancelled",
          cancel_reason: "Changed plans",
          cancelled_by: bob.id,
        });
      },
    );

    await t.step(
      "the database refuses a slot or booking that ends before it starts (23514)",
      async () => {
        const ada = await teacher();
        const start = new Date(Date.now() + 24 * 60 * MINUTE);
        for (const end of [new Date(start.getTime() - MINUTE), start]) {
          await rejectsWithSqlState(
            db.query(
              "INSERT INTO slots (teacher_id, start_at, end_at) VALUES ($1, $2, $3)",
              [ada.id, start, end],
            ),
            "23514",
            "slots_end_after_start",
          );
        }
        const slot = await createTestSlot(db, ada);
        await rejectsWithSqlState(
          insertBookingRow(db, {
            slot_id: slot.id,
            student_id: (await student()).id,
            teacher_id: ada.id,
            start_at: slot.end_at,
            end_at: slot.start_at,
          }),
          "23514",
          "bookings_end_after_start",
        );
      },
    );

    await t.step(
      "the database refuses unknown statuses and cancellations without a reason (23514)",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const row = {
          slot_id: slot.id,
          student_id: bob.id,
          teacher_id: ada.id,
          start_at: slot.start_at,
          end_at: slot.end_at,
        };
        for (const bad of ["archived", "CONFIRMED", ""]) {
          await rejectsWithSqlState(
            insertBookingRow(db, { ...row, status: bad }),
            "23514",
          );
        }
        await rejectsWithSqlState(
          insertBookingRow(db, { ...row, status: "cancelled" }),
          "23514",
          "bookings_cancel_has_reason",
        );
        const [{ id }] = await insertBookingRow(db, row);
        await rejectsWithSqlState(
          db.query("UPDATE bookings SET status = 'done' WHERE id = $1", [id]),
          "23514",
        );
      },
    );

    await t.step(
      "the database lets a cancelled booking stand beside a new one on the same slot",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const base = {
          slot_id: slot.id,
          teacher_id: ada.id,
          start_at: slot.start_at,
          end_at: slot.end_at,
        };
        await insertBookingRow(db, {
          ...base,
          student_id: bob.id,
          status: "cancelled",
          cancel_reason: "Ill",
          cancelled_by: bob.id,
        });
        await insertBookingRow(db, {
          ...base,
          student_id: bob.id,
          status: "cancelled",
          cancel_reason: "Ill again",
          cancelled_by: ada.id,
        });
        await insertBookingRow(db, { ...base, student_id: bob.id });
        const [{ active }] = await db.query<{ active: number }>(
          "SELECT count(*)::int AS active FROM bookings WHERE slot_id = $1 AND status IN ('pending', 'confirmed')",
          [slot.id],
        );
        assert.equal(active, 1);
      },
    );

    await t.step(
      "the database refuses an active booking of a deleted slot and deleting a slot an active booking holds (23503)",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const deleted = await createTestSlot(db, ada, { startInMinutes: 9000 });
        await db.query("UPDATE slots SET deleted_at = now() WHERE id = $1", [
          deleted.id,
        ]);
        const row = (slot: { id: string; start_at: Date; end_at: Date }) => ({
          slot_id: slot.id,
          student_id: bob.id,
          teacher_id: ada.id,
          start_at: slot.start_at,
          end_at: slot.end_at,
        });
        for (const status of ["pending", "confirmed"]) {
          await rejectsWithSqlState(
            insertBookingRow(db, { ...row(deleted), status }),
            PG_FOREIGN_KEY_VIOLATION,
            "bookings_slot_live_fkey",
          );
        }
        // History may stay on a deleted slot.
        await insertBookingRow(db, {
          ...row(deleted),
          status: "cancelled",
          cancel_reason: "Ill",
          cancelled_by: bob.id,
        });
        await insertBookingRow(db, { ...row(deleted), status: "completed" });

        const booked = await createTestSlot(db, ada, { startInMinutes: 9200 });
        const [{ id }] = await insertBookingRow(db, row(booked));
        await rejectsWithSqlState(
          db.query("UPDATE slots SET deleted_at = now() WHERE id = $1", [
            booked.id,
          ]),
          PG_FOREIGN_KEY_VIOLATION,
          "bookings_slot_live_fkey",
        );
        // Once the booking is cancelled, the slot may go.
        await db.query(
          "UPDATE bookings SET status = 'cancelled', cancel_reason = 'Ill', cancelled_by = $2 WHERE id = $1",
          [id, bob.id],
        );
        await db.query("UPDATE slots SET deleted_at = now() WHERE id = $1", [
          booked.id,
        ]);
        // Nor can a cancelled booking of a deleted slot come back to life.
        await rejectsWithSqlState(
          db.query("UPDATE bookings SET status = 'confirmed' WHERE id = $1", [
            id,
          ]),
          PG_FOREIGN_KEY_VIOLATION,
          "bookings_slot_live_fkey",
        );
      },
    );
  } finally {
    await close();
  }
});

Deno.test(
  `migration 0005 repairs bookings left on deleted slots (${ENGINE})`,
  async () => {
    const { db, close } = await openTestDatabase();
    try {
      // Back to the schema before 0005, where the race could leave these rows.
      await db.query(
        "ALTER TABLE bookings DROP CONSTRAINT bookings_slot_live_fkey",
      );
      await db.query("ALTER TABLE bookings DROP COLUMN slot_live");
      await db.query("ALTER TABLE slots DROP CONSTRAINT slots_id_live_key");
      await db.query("ALTER TABLE slots DROP COLUMN live");
      await db.query(
        "DELETE FROM schema_migrations WHERE name = '0005_bookings_live_slot.sql'",
      );
      const { teacher, student } = fixtures(db);
      const ada = await teacher();
      const bob = await student();
      const kept = await createTestBooking(db, {
        teacher: ada,
        student: bob,
        startInMinutes: 3000,
      });
      const replaced = await createTestBooking(db, {
        teacher: ada,
        student: bob,
        startInMinutes: 5000,
      });
      await db.query(
        "UPDATE slots SET deleted_at = now() WHERE id = ANY($1::uuid[])",
        [[kept.slot_id, replaced.slot_id]],
      );
      // The teacher has since published another slot at the second time.
      const newer = await createTestSlot(db, ada, {
        startInMinutes: 5030,
        minutes: 60,
      });

      assert.deepEqual(await migrate(db), ["0005_bookings_live_slot.sql"]);

      const slots = new Map(
        (await db.query<{ id: string; deleted: boolean }>(
          "SELECT id, deleted_at IS NOT NULL AS deleted FROM slots WHERE teacher_id = $1",
          [ada.id],
        )).map((r) => [r.id, r.deleted]),
      );
      assert.equal(slots.get(kept.slot_id), false, "the held slot is back");
      assert.equal(slots.get(replaced.slot_id), true);
      assert.equal(slots.get(newer.id), false);
      const rows = await db.query<
        { id: string; status: string; cancel_reason: string | null }
      >(
        "SELECT id, status, cancel_reason FROM bookings WHERE student_id = $1",
        [bob.id],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      assert.equal(byId.get(kept.id)?.status, "confirmed");
      assert.equal(byId.get(replaced.id)?.status, "cancelled");
      assert.equal(
        byId.get(replaced.id)?.cancel_reason,
        "The teacher removed this slot",
      );
    } finally {
      await close();
    }
  },
);
