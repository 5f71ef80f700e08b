// PLACEHOLDER until inapp's lib/notifications/booking_facts.ts is on main:
// the same signature, so the switch is one import line. Delete at rebase.
import type { Queryable } from "@/lib/db/connection.ts";
import type { BookingFacts } from "@/lib/notifications/model.ts";

/** A snapshot of a booking and both participants, plus what the change adds. */
export async function bookingFacts(
  tx: Queryable,
  bookingId: string,
  extra: Pick<BookingFacts, "actor_id" | "minutes_before"> = {},
): Promise<BookingFacts> {
  const [row] = await tx.query<{
    start_at: Date;
    end_at: Date;
    status: string;
    ics_sequence: number;
    t_id: string;
    t_name: string;
    t_email: string;
    s_id: string;
    s_name: string;
    s_email: string;
  }>(
    `SELECT b.start_at, b.end_at, b.status, b.ics_sequence,
            t.id AS t_id, t.username AS t_name, t.email AS t_email,
            s.id AS s_id, s.username AS s_name, s.email AS s_email
       FROM bookings b JOIN users t ON t.id = b.teacher_id
       JOIN users s ON s.id = b.student_id
      WHERE b.id = $1`,
    [bookingId],
  );
  return {
    booking_id: bookingId,
    start_at: new Date(row.start_at).toISOString(),
    end_at: new Date(row.end_at).toISOString(),
    status: row.status,
    sequence: Number(row.ics_sequence),
    teacher: { id: row.t_id, name: row.t_name, email: row.t_email },
    student: { id: row.s_id, name: row.s_name, email: row.s_email },
    ...extra,
  };
}
