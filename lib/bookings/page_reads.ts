// Everything the booking page shows, read in ONE statement (lib/db/reads.ts):
// the booking, its lesson record, its lifecycle (history, open proposal, the
// teacher's policy), the latest dispute, the rating and the other
// participant's time zone. Ten reads used to be ten round trips
// (docs/BENCHMARKS.md, issue 17). The participant check comes before anything
// is returned: an outsider gets the 403 (or 404) and none of it. A read: it
// never writes.
import type { Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import { type Read, runAll } from "@/lib/db/reads.ts";
import { bookingRead, participantBooking } from "@/lib/bookings/queries.ts";
import { type Admission, admission } from "@/lib/bookings/room.ts";
import {
  lessonRecord,
  type LessonRecordData,
  lessonRecordReads,
} from "@/lib/bookings/lesson_record.ts";
import {
  lifecycleReads,
  type LifecycleView,
  lifecycleView,
} from "@/lib/bookings/lifecycle_view.ts";
import { type Dispute, latestDisputeRead } from "@/lib/bookings/disputes.ts";
import { type Rating, ratingRead, ratingVisible } from "@/lib/ratings/store.ts";

/** The booking page's data. */
export interface BookingPageData {
  /** The booking and its call room as admitToRoom() would decide it. */
  admission: Admission;
  record: LessonRecordData;
  lifecycle: LifecycleView;
  dispute: Dispute | null;
  /** The lesson's private rating (its participants and admins see it). */
  rating: Rating | null;
  /** The other participant's time zone (null if their account is gone). */
  otherTimeZone: string | null;
}

// The time zone of the booking's participant who is not the viewer.
function otherTimeZoneRead(
  bookingId: string,
  viewerId: string,
): Read<string | null> {
  return {
    text: `SELECT u.time_zone FROM bookings b
           JOIN users u ON u.id = CASE WHEN b.student_id = $2
                                       THEN b.teacher_id ELSE b.student_id END
           WHERE b.id = $1`,
    params: [bookingId, viewerId],
    decode: ([row]) => (row?.time_zone as string | undefined) ?? null,
  };
}

/**
 * Reads the booking page of a valid booking id for a participant.
 * @throws {NotFoundError} for an unknown booking
 * @throws {ForbiddenError} when the viewer is not one of its participants
 */
export async function loadBookingPage(
  db: Queryable,
  viewer: Pick<User, "id" | "role">,
  bookingId: string,
  now: Date,
): Promise<BookingPageData> {
  const [
    found,
    messages,
    notes,
    whiteboard,
    events,
    proposal,
    policy,
    dispute,
    rating,
    otherTimeZone,
  ] = await runAll(db, [
    bookingRead(bookingId, now),
    ...lessonRecordReads(bookingId),
    ...lifecycleReads(bookingId, now),
    latestDisputeRead(bookingId),
    ratingRead(bookingId),
    otherTimeZoneRead(bookingId, viewer.id),
  ]);
  const booking = participantBooking(found, viewer);
  return {
    admission: admission(booking, now),
    record: lessonRecord([messages, notes, whiteboard]),
    lifecycle: lifecycleView(booking, viewer.id, now, [
      events,
      proposal,
      policy,
    ]),
    dispute,
    rating: ratingVisible(viewer, booking) ? rating : null,
    otherTimeZone,
  };
}
