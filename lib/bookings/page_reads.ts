// What the booking page shows beyond the booking itself, read in ONE
// statement (lib/db/reads.ts): the lesson record, the lifecycle (history,
// open proposal, the teacher's policy), the latest dispute, the rating and
// the other participant's time zone. Nine reads used to be nine round trips
// (docs/BENCHMARKS.md, issue 17). A read: it never writes.
import type { Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import { timeZoneRead } from "@/lib/auth/users.ts";
import type { Booking } from "@/lib/bookings/model.ts";
import { runAll } from "@/lib/db/reads.ts";
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

/** The booking page's reads beyond the booking. */
export interface BookingPageReads {
  record: LessonRecordData;
  lifecycle: LifecycleView;
  dispute: Dispute | null;
  /** The lesson's private rating (its participants and admins see it). */
  rating: Rating | null;
  /** The other participant's time zone (null if their account is gone). */
  otherTimeZone: string | null;
}

/** Reads the page's parts of a booking the viewer may see (the caller checked). */
export async function loadBookingPageReads(
  db: Queryable,
  viewer: Pick<User, "id" | "role">,
  booking: Booking,
  now: Date,
): Promise<BookingPageReads> {
  const other = booking.student_id === viewer.id
    ? booking.teacher_id
    : booking.student_id;
  const [
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
    ...lessonRecordReads(booking.id),
    ...lifecycleReads(booking, now),
    latestDisputeRead(booking.id),
    ratingRead(booking.id),
    timeZoneRead(other),
  ]);
  return {
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
