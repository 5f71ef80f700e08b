// What students can book and teachers have published: open slots and a
// teacher's own slots. Long lists come in pages (keyset pagination on start time and id).
import type { Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import type { BookingStatus, Participant, Slot } from "@/lib/bookings/model.ts";
import {
  type Cursor,
  DEFAULT_PAGE_SIZE,
  type Page,
  toPage,
} from "@/lib/bookings/cursor.ts";

/** Filters and position for open slots. */
export interface SlotFilter {
  teacher_id?: string;
  from?: Date;
  to?: Date;
  /** Start after this position (the `next` of the page before). */
  after?: Cursor;
  /** Slots per page (DEFAULT_PAGE_SIZE when absent). */
  limit?: number;
}

/** An open slot with its teacher's public name. */
export type OpenSlot = Slot & { teacher: Participant };

/** One page of future slots nobody holds, earliest first. */
export async function listOpenSlots(
  db: Queryable,
  filter: SlotFilter = {},
  now = new Date(),
): Promise<Page<OpenSlot>> {
  const from = filter.from && filter.from > now ? filter.from : now;
  const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await db.query<Slot & { teacher_username: string }>(
    `SELECT s.id, s.teacher_id, s.start_at, s.end_at, s.created_at, u.username AS teacher_username
     FROM slots s JOIN users u ON u.id = s.teacher_id
     WHERE s.deleted_at IS NULL
       AND s.start_at > $1
       AND ($2::timestamptz IS NULL OR s.start_at < $2)
       AND ($3::uuid IS NULL OR s.teacher_id = $3)
       AND ($4::timestamptz IS NULL OR (s.start_at, s.id) > ($4, $5::uuid))
       AND NOT EXISTS (
         SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('pending', 'confirmed')
       )
     ORDER BY s.start_at, s.id
     LIMIT $6`,
    [
      from,
      filter.to ?? null,
      filter.teacher_id ?? null,
      filter.after?.at ?? null,
      filter.after?.id ?? null,
      limit + 1,
    ],
  );
  const slots = rows.map(({ teacher_username, ...slot }) => ({
    ...slot,
    teacher: { id: slot.teacher_id, username: teacher_username },
  }));
  return toPage(slots, limit, (s) => ({ at: s.start_at, id: s.id }));
}

/** A teacher's own slot with the booking that holds it, if any. */
export type TeacherSlot = Slot & {
  booking_id: string | null;
  booking_status: BookingStatus | null;
};

/** One page of a teacher's own slots not yet ended, earliest first. */
export async function listTeacherSlots(
  db: Queryable,
  teacher: Pick<User, "id">,
  now = new Date(),
  page: { after?: Cursor; limit?: number } = {},
): Promise<Page<TeacherSlot>> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await db.query<TeacherSlot>(
    `SELECT s.id, s.teacher_id, s.start_at, s.end_at, s.created_at,
            b.id AS booking_id, b.status AS booking_status
     FROM slots s
     LEFT JOIN bookings b ON b.slot_id = s.id AND b.status IN ('pending', 'confirmed')
     WHERE s.teacher_id = $1 AND s.deleted_at IS NULL AND s.end_at > $2
       AND ($3::timestamptz IS NULL OR (s.start_at, s.id) > ($3, $4::uuid))
     ORDER BY s.start_at, s.id
     LIMIT $5`,
    [
      teacher.id,
      now,
      page.after?.at ?? null,
      page.after?.id ?? null,
      limit + 1,
    ],
  );
  return toPage(rows, limit, (s) => ({ at: s.start_at, id: s.id }));
}
