// The `reschedule_proposals` rows: a new time one participant proposes for a
// booking, open until the other accepts or declines it, it expires (at the
// earlier of the two starts), or the booking is cancelled. Reads here never
// write; the changes are in lib/bookings/reschedule.ts and the expiry job.
import type { Queryable } from "@/lib/db/connection.ts";
import { isUuid } from "@/lib/bookings/model.ts";
import { type Read, type Row, toDate, toDateOrNull } from "@/lib/db/reads.ts";

/** Where a proposal stands. */
export type ProposalStatus =
  | "open"
  | "accepted"
  | "declined"
  | "expired"
  | "closed";

/** A proposed new time for a booking. */
export interface RescheduleProposal {
  id: string;
  booking_id: string;
  proposed_by: string;
  start_at: Date;
  end_at: Date;
  /** The booking's start when the proposal was made. */
  previous_start_at: Date;
  /** The one-off slot the new time takes, if it is one. */
  slot_id: string | null;
  expires_at: Date;
  status: ProposalStatus;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
}

const COLUMNS =
  `id, booking_id, proposed_by, start_at, end_at, previous_start_at,
  slot_id, expires_at, status, created_at, decided_at, decided_by`;

/**
 * The booking's open proposal as it stands at `now` (one past its expiry is
 * not open any more, even before the job marks it), or null.
 */
export async function getOpenProposal(
  db: Queryable,
  bookingId: string,
  now = new Date(),
  options: { forUpdate?: boolean } = {},
): Promise<RescheduleProposal | null> {
  if (!isUuid(bookingId)) return null;
  const read = openProposalRead(bookingId, now);
  const lock = options.forUpdate ? " FOR UPDATE" : "";
  return read.decode(await db.query(read.text + lock, [...read.params]));
}

/** The read of getOpenProposal() (without the lock) for a valid booking id. */
export function openProposalRead(
  bookingId: string,
  now: Date,
): Read<RescheduleProposal | null> {
  return {
    text: `SELECT ${COLUMNS} FROM reschedule_proposals
           WHERE booking_id = $1 AND status = 'open' AND expires_at > $2`,
    params: [bookingId, now],
    decode: ([row]) => row ? toProposal(row) : null,
  };
}

// A row (from the driver or JSON) as a proposal.
function toProposal(row: Row): RescheduleProposal {
  return {
    ...row as unknown as RescheduleProposal,
    start_at: toDate(row.start_at),
    end_at: toDate(row.end_at),
    previous_start_at: toDate(row.previous_start_at),
    expires_at: toDate(row.expires_at),
    created_at: toDate(row.created_at),
    decided_at: toDateOrNull(row.decided_at),
  };
}

/** Every proposal of a booking, oldest first. */
export async function listProposals(
  db: Queryable,
  bookingId: string,
): Promise<RescheduleProposal[]> {
  if (!isUuid(bookingId)) return [];
  return await db.query<RescheduleProposal>(
    `SELECT ${COLUMNS} FROM reschedule_proposals
     WHERE booking_id = $1 ORDER BY created_at, id`,
    [bookingId],
  );
}

/**
 * Closes the booking's open proposal (the booking is being cancelled or
 * declined), in the caller's transaction. Returns whether one was open.
 */
export async function closeOpenProposal(
  tx: Queryable,
  bookingId: string,
  by: string | null,
): Promise<boolean> {
  const rows = await tx.query<{ id: string }>(
    `UPDATE reschedule_proposals
     SET status = 'closed', decided_at = now(), decided_by = $2
     WHERE booking_id = $1 AND status = 'open' RETURNING id`,
    [bookingId, by],
  );
  return rows.length > 0;
}
