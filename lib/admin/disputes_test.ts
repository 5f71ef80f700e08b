import assert from "node:assert/strict";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import {
  countOpenDisputes,
  listOpenDisputes,
  resolveDispute,
} from "@/lib/admin/disputes.ts";
import { listAdminAudit } from "@/lib/admin/audit.ts";
import { listEvents } from "@/lib/bookings/history.ts";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/errors.ts";
import type { Database } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  createTestBooking,
  createTestUser,
  openTestDatabase,
} from "@/tests/_db.ts";

/** A dispute, as the participants' side would raise it (a direct INSERT here). */
async function raiseDispute(
  db: Database,
  bookingId: string,
  by: User,
  reason = "I was there the whole time",
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO booking_disputes (booking_id, raised_by, reason) VALUES ($1, $2, $3) RETURNING id",
    [bookingId, by.id, reason],
  );
  return row.id;
}

interface BookingRow {
  status: string;
  absent_user_ids: string[];
  cancel_reason: string | null;
  cancelled_by: string | null;
}

async function booking(db: Database, id: string): Promise<BookingRow> {
  const [row] = await db.query<BookingRow>(
    "SELECT status, absent_user_ids, cancel_reason, cancelled_by FROM bookings WHERE id = $1",
    [id],
  );
  return row;
}

Deno.test(`admin disputes (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  try {
    const admin = await createTestUser(db, { role: "admin" });
    const ada = await teacher();
    const bob = await student();
    let start = -600;
    // A finished booking of Ada and Bob, each an hour before the last.
    const lesson = async (status: "no_show" | "completed" = "no_show") => {
      start -= 120;
      const b = await createTestBooking(db, {
        teacher: ada,
        student: bob,
        startInMinutes: start,
        status,
      });
      if (status === "no_show") {
        await db.query(
          "UPDATE bookings SET absent_user_ids = $2::uuid[] WHERE id = $1",
          [b.id, [bob.id]],
        );
      }
      return b;
    };

    await t.step(
      "listOpenDisputes() shows the open ones, oldest first, with their booking",
      async () => {
        const first = await lesson();
        const second = await lesson();
        const a = await raiseDispute(db, first.id, bob);
        const b = await raiseDispute(db, second.id, ada, "Student left early");
        const open = await listOpenDisputes(db);
        assert.deepEqual(open.map((d) => d.id), [a, b]);
        assert.equal(open[0].raised_by_email, bob.email);
        assert.equal(open[0].booking_status, "no_show");
        assert.equal(open[1].reason, "Student left early");
        assert.equal(open[1].teacher_email, ada.email);
        assert.equal(await countOpenDisputes(db), 2);
        // Cleared for the next steps.
        for (const id of [a, b]) {
          await resolveDispute(db, admin, id, {
            status: "no_show",
            absent: "student",
            note: "Checked",
          });
        }
        assert.deepEqual(await listOpenDisputes(db), []);
      },
    );

    await t.step(
      "resolveDispute() sets the outcome, the resolution, a dispute_resolved event and the audit record; a second resolve is a conflict",
      async () => {
        const b = await lesson();
        const id = await raiseDispute(db, b.id, bob);
        await resolveDispute(db, admin, id, {
          status: "completed",
          note: "The call log shows both connected for 52 minutes",
        });
        assert.deepEqual(await booking(db, b.id), {
          status: "completed",
          absent_user_ids: [],
          cancel_reason: null,
          cancelled_by: null,
        });
        const [dispute] = await db.query<Record<string, unknown>>(
          `SELECT resolved_by, resolution_status, resolution_note,
                  resolved_at IS NOT NULL AS resolved
             FROM booking_disputes WHERE id = $1`,
          [id],
        );
        assert.deepEqual(dispute, {
          resolved_by: admin.id,
          resolution_status: "completed",
          resolution_note: "The call log shows both connected for 52 minutes",
          resolved: true,
        });
        const event = (await listEvents(db, b.id)).at(-1)!;
        assert.equal(event.kind, "dispute_resolved");
        assert.equal(event.actor_id, admin.id);
        assert.equal(event.from_status, "no_show");
        assert.equal(event.to_status, "completed");
        assert.equal(event.details.dispute_id, id);
        const [audit] = (await listAdminAudit(db)).items;
        assert.equal(audit.action, "dispute.resolved");
        assert.equal(audit.admin_id, admin.id);
        assert.equal(audit.target_booking_id, b.id);
        assert.equal(audit.target_user_id, bob.id);
        assert.equal(audit.details.to, "completed");
        const told = await db.query<{ user_id: string; facts: unknown }>(
          `SELECT user_id, facts FROM notifications
            WHERE booking_id = $1 AND kind = 'dispute_resolved'`,
          [b.id],
        );
        assert.deepEqual(
          told.map((n) => n.user_id).sort(),
          [bob.id, ada.id].sort(),
          "both participants are told",
        );

        await rejectsWith(
          resolveDispute(db, admin, id, { status: "cancelled", note: "Again" }),
          ConflictError,
          "Cannot resolve dispute: it is already resolved",
        );
        assert.equal((await booking(db, b.id)).status, "completed");
        assert.equal((await listEvents(db, b.id)).at(-1)!.id, event.id);
        assert.equal((await listAdminAudit(db)).items[0].id, audit.id);
      },
    );

    await t.step(
      "two admins resolving at once: exactly one wins, the other gets a conflict",
      async () => {
        const other = await createTestUser(db, { role: "admin" });
        const b = await lesson();
        const id = await raiseDispute(db, b.id, bob);
        const results = await Promise.allSettled([
          resolveDispute(db, admin, id, { status: "completed", note: "A" }),
          resolveDispute(db, other, id, {
            status: "technical_failure",
            note: "B",
          }),
        ]);
        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.filter((r) => r.status === "rejected");
        assert.equal(won.length, 1);
        assert.equal(lost.length, 1);
        assert.ok(
          (lost[0] as PromiseRejectedResult).reason instanceof ConflictError,
        );
        const events = (await listEvents(db, b.id)).filter((e) =>
          e.kind === "dispute_resolved"
        );
        assert.equal(events.length, 1);
        assert.equal((await booking(db, b.id)).status, events[0].to_status);
      },
    );

    await t.step(
      "no_show names the absent side; cancelled keeps the note as the reason and the admin as who cancelled",
      async () => {
        const noShow = await lesson("completed");
        await resolveDispute(
          db,
          admin,
          await raiseDispute(db, noShow.id, ada),
          {
            status: "no_show",
            absent: "both",
            note: "Nobody connected",
          },
        );
        const row = await booking(db, noShow.id);
        assert.equal(row.status, "no_show");
        assert.deepEqual(row.absent_user_ids.sort(), [ada.id, bob.id].sort());

        const cancelled = await lesson();
        await resolveDispute(
          db,
          admin,
          await raiseDispute(db, cancelled.id, bob),
          { status: "cancelled", note: "The teacher cancelled by e-mail" },
        );
        assert.deepEqual(await booking(db, cancelled.id), {
          status: "cancelled",
          absent_user_ids: [],
          cancel_reason: "The teacher cancelled by e-mail",
          cancelled_by: admin.id,
        });
      },
    );

    await t.step(
      "bad resolutions write nothing: no_show without the absent side, an unknown dispute, a failure mid-way",
      async () => {
        const b = await lesson();
        const id = await raiseDispute(db, b.id, bob);
        const audits = (await listAdminAudit(db)).items.length;
        const events = (await listEvents(db, b.id)).length;
        const err = await rejectsWith(
          resolveDispute(db, admin, id, { status: "no_show", note: "x" }),
          BadRequestError,
          "Cannot resolve dispute: say who was absent",
        );
        assert.deepEqual((err as BadRequestError).fields, {
          absent: "Choose who was absent",
        });
        await rejectsWith(
          resolveDispute(db, admin, crypto.randomUUID(), {
            status: "completed",
            note: "x",
          }),
          NotFoundError,
          "Cannot resolve dispute: it does not exist",
        );
        // An "admin" with no account: the resolution's foreign key fails
        // after the booking was updated, and the booking update rolls back.
        const ghost = { ...admin, id: crypto.randomUUID() };
        await assert.rejects(
          resolveDispute(db, ghost, id, { status: "completed", note: "x" }),
        );
        assert.equal((await booking(db, b.id)).status, "no_show");
        assert.equal((await listEvents(db, b.id)).length, events);
        assert.equal((await listAdminAudit(db)).items.length, audits);
        assert.equal((await listOpenDisputes(db)).length, 1);
      },
    );
  } finally {
    await close();
  }
});
