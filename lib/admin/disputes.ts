// The admin's side of disputes (`booking_disputes`): the open ones, and
// resolving one by setting the booking's outcome with a note. The outcome,
// the dispute's resolution, the booking's history event and the audit
// record are written in one transaction.
import { notify } from "@/lib/bookings/notify.ts";
import type { Database, Queryable } from "@/lib/db/connection.ts";
import {
  BadRequestError,
  ConflictError,
  msg,
  NotFoundError,
} from "@/lib/errors.ts";
import type { User } from "@/lib/auth/users.ts";
import type { BookingStatus } from "@/lib/bookings/model.ts";
import { recordEvent } from "@/lib/bookings/history.ts";
import { recordAdminAction } from "@/lib/admin/audit.ts";

/** The outcomes an admin can set when resolving a dispute. */
export const DISPUTE_OUTCOMES = [
  "completed",
  "no_show",
  "technical_failure",
  "cancelled",
] as const;

/** An outcome an admin can set. */
export type DisputeOutcome = typeof DISPUTE_OUTCOMES[number];

/** Who was absent, for a `no_show` outcome. */
export const ABSENT_SIDES = ["student", "teacher", "both"] as const;

/** A side that was absent. */
export type AbsentSide = typeof ABSENT_SIDES[number];

/** An open dispute with what the admin needs to judge it. */
export interface OpenDispute {
  id: string;
  booking_id: string;
  reason: string;
  created_at: Date;
  raised_by: string;
  raised_by_email: string;
  booking_status: BookingStatus;
  start_at: Date;
  end_at: Date;
  teacher_email: string;
  student_email: string;
  absent_user_ids: string[];
}

/** How many open disputes one page lists. */
export const DISPUTE_PAGE_SIZE = 100;

const toDate = (v: Date | string) => v instanceof Date ? v : new Date(v);

/** The open disputes, oldest first (at most DISPUTE_PAGE_SIZE). */
export async function listOpenDisputes(db: Queryable): Promise<OpenDispute[]> {
  const rows = await db.query<OpenDispute>(
    `SELECT d.id, d.booking_id, d.reason, d.created_at, d.raised_by,
            r.email AS raised_by_email, b.status AS booking_status,
            b.start_at, b.end_at, t.email AS teacher_email,
            s.email AS student_email, b.absent_user_ids
       FROM booking_disputes d
       JOIN bookings b ON b.id = d.booking_id
       JOIN users r ON r.id = d.raised_by
       JOIN users t ON t.id = b.teacher_id
       JOIN users s ON s.id = b.student_id
      WHERE d.resolved_at IS NULL
      ORDER BY d.created_at, d.id
      LIMIT $1`,
    [DISPUTE_PAGE_SIZE],
  );
  return rows.map((r) => ({
    ...r,
    created_at: toDate(r.created_at),
    start_at: toDate(r.start_at),
    end_at: toDate(r.end_at),
  }));
}

/** How many disputes are open. */
export async function countOpenDisputes(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM booking_disputes WHERE resolved_at IS NULL",
  );
  return row.n;
}

/** What resolving a dispute sets. */
export interface DisputeResolution {
  status: DisputeOutcome;
  /** Why; required, shown in the booking's history and the audit trail. */
  note: string;
  /** Who was absent; required for `no_show`. */
  absent?: AbsentSide;
}

/**
 * Resolves an open dispute: sets the booking's outcome (`no_show` with the
 * absent side, `cancelled` with the note as its reason and the admin as who
 * cancelled), the dispute's resolution, a `dispute_resolved` history event
 * and the audit record, in one transaction.
 * The note comes validated (`resolveDisputeSchema`: 1 to 2000 characters).
 * @throws {BadRequestError} for `no_show` without `absent`
 * @throws {NotFoundError} for an unknown dispute
 * @throws {ConflictError} when the dispute is already resolved
 */
export async function resolveDispute(
  db: Database,
  admin: User,
  disputeId: string,
  resolution: DisputeResolution,
): Promise<void> {
  const note = resolution.note;
  if (resolution.status === "no_show" && !resolution.absent) {
    throw new BadRequestError(msg("error.admin.resolve.absent"), {
      absent: msg("error.admin.absent"),
    });
  }
  await db.transaction(async (tx) => {
    const [dispute] = await tx.query<
      {
        booking_id: string;
        raised_by: string;
        resolved_at: Date | null;
        status: BookingStatus;
        student_id: string;
        teacher_id: string;
      }
    >(
      `SELECT d.booking_id, d.raised_by, d.resolved_at, b.status,
              b.student_id, b.teacher_id
         FROM booking_disputes d JOIN bookings b ON b.id = d.booking_id
        WHERE d.id = $1
        FOR UPDATE`,
      [disputeId],
    );
    if (!dispute) {
      throw new NotFoundError(msg("error.admin.resolve.missing"));
    }
    if (dispute.resolved_at !== null) {
      throw new ConflictError(msg("error.admin.resolve.done"));
    }
    const absent = resolution.status !== "no_show"
      ? []
      : resolution.absent === "student"
      ? [dispute.student_id]
      : resolution.absent === "teacher"
      ? [dispute.teacher_id]
      : [dispute.student_id, dispute.teacher_id];
    const cancelled = resolution.status === "cancelled";
    await tx.query(
      `UPDATE bookings
          SET status = $2, absent_user_ids = $3::uuid[],
              cancel_reason = $4, cancelled_by = $5,
              late_cancellation = false, updated_at = now()
        WHERE id = $1`,
      [
        dispute.booking_id,
        resolution.status,
        absent,
        cancelled ? note : null,
        cancelled ? admin.id : null,
      ],
    );
    await tx.query(
      `UPDATE booking_disputes
          SET resolved_at = now(), resolved_by = $2,
              resolution_status = $3, resolution_note = $4
        WHERE id = $1`,
      [disputeId, admin.id, resolution.status, note],
    );
    await recordEvent(tx, {
      booking_id: dispute.booking_id,
      actor_id: admin.id,
      kind: "dispute_resolved",
      from_status: dispute.status,
      to_status: resolution.status,
      details: { dispute_id: disputeId, note, absent_user_ids: absent },
    });
    await notify(tx, dispute.booking_id, { actor_id: admin.id, reason: note }, [
      [dispute.student_id, "dispute_resolved"],
      [dispute.teacher_id, "dispute_resolved"],
    ]);
    await recordAdminAction(tx, {
      admin_id: admin.id,
      action: "dispute.resolved",
      target_user_id: dispute.raised_by,
      target_booking_id: dispute.booking_id,
      details: {
        dispute_id: disputeId,
        from: dispute.status,
        to: resolution.status,
        note,
      },
    });
  });
}
