// The append-only booking history (`booking_events`): who did what to a
// booking, when, from which status to which. Every state change writes one
// with recordEvent() in the transaction that makes the change, so the two
// commit or roll back together.
import type { Queryable } from "@/lib/db/connection.ts";
import type { BookingStatus } from "@/lib/bookings/model.ts";
import { type Read, run, toDate } from "@/lib/db/reads.ts";

/** What can happen to a booking. */
export const BOOKING_EVENT_KINDS = [
  "imported",
  "requested",
  "confirmed",
  "declined",
  "cancelled",
  "expired",
  "completed",
  "no_show",
  "technical_failure",
  "reschedule_proposed",
  "reschedule_accepted",
  "reschedule_declined",
  "reschedule_expired",
  "disputed",
  "dispute_resolved",
  "outcome_set",
] as const;

/** One kind of booking event. */
export type BookingEventKind = typeof BOOKING_EVENT_KINDS[number];

/** One entry of a booking's history. */
export interface BookingEvent {
  id: string;
  booking_id: string;
  at: Date;
  /** Who did it; null for the system (the scheduler, a migration). */
  actor_id: string | null;
  kind: BookingEventKind;
  from_status: BookingStatus | null;
  to_status: BookingStatus | null;
  details: Record<string, unknown>;
}

/** What recordEvent() writes. */
export interface NewBookingEvent {
  booking_id: string;
  actor_id: string | null;
  kind: BookingEventKind;
  from_status?: BookingStatus | null;
  to_status?: BookingStatus | null;
  details?: Record<string, unknown>;
  /** When it happened (now() of the transaction when absent). */
  at?: Date;
}

/** Appends one event to a booking's history, in the caller's transaction. */
export async function recordEvent(
  tx: Queryable,
  event: NewBookingEvent,
): Promise<void> {
  // The details travel as text and are cast: postgres.js would otherwise
  // store the JSON string itself as a jsonb string.
  await tx.query(
    `INSERT INTO booking_events (booking_id, at, actor_id, kind, from_status, to_status, details)
     VALUES ($1, coalesce($2::timestamptz, now()), $3, $4, $5, $6, $7::text::jsonb)`,
    [
      event.booking_id,
      event.at ?? null,
      event.actor_id,
      event.kind,
      event.from_status ?? null,
      event.to_status ?? null,
      JSON.stringify(event.details ?? {}),
    ],
  );
}

/** A booking's history, oldest first. */
export function listEvents(
  db: Queryable,
  bookingId: string,
): Promise<BookingEvent[]> {
  return run(db, eventsRead(bookingId));
}

/** The read of listEvents(). */
export function eventsRead(bookingId: string): Read<BookingEvent[]> {
  return {
    text:
      `SELECT id, booking_id, at, actor_id, kind, from_status, to_status, details
       FROM booking_events WHERE booking_id = $1`,
    params: [bookingId],
    orderBy: "id",
    decode: (rows) =>
      rows.map((row) => ({
        ...row as unknown as BookingEvent,
        id: String(row.id),
        at: toDate(row.at),
      })),
  };
}
