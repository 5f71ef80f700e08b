// Reading and writing a teacher's availability rules: `teacher_schedules`
// (lesson rules and policies; no row = the defaults), `availability_weekly`
// and `availability_overrides`, plus what the computation subtracts (active
// bookings' blocked ranges) and adds (open one-off slots).
import type { Queryable } from "@/lib/db/connection.ts";
import {
  type AvailabilityRules,
  type DateOverride,
  DEFAULT_POLICY,
  type Interval,
  type SchedulePolicy,
  type WeeklyInterval,
} from "@/lib/availability/rules.ts";
import type { BusyRange, OneOffSlot } from "@/lib/availability/compute.ts";
import { isUuid } from "@/lib/bookings/model.ts";
import { type Read, run } from "@/lib/db/reads.ts";

const POLICY_KEYS = Object.keys(DEFAULT_POLICY) as (keyof SchedulePolicy)[];

type RulesRow = Partial<SchedulePolicy> & {
  time_zone: string;
  weekly: WeeklyInterval[] | string;
  overrides: { date: string; intervals: Interval[] }[] | string;
};

const json = <T>(value: T | string): T =>
  typeof value === "string" ? JSON.parse(value) : value;

// The rules' columns and lists, for a query over `users u LEFT JOIN
// teacher_schedules s`; $2 is the first local date of the overrides.
const RULES_COLUMNS = `u.time_zone, ${
  POLICY_KEYS.map((k) => `s.${k}`).join(", ")
},
  coalesce((SELECT json_agg(json_build_object(
      'weekday', w.weekday, 'start', w.start_minute, 'end', w.end_minute)
      ORDER BY w.weekday, w.start_minute)
    FROM availability_weekly w WHERE w.teacher_id = u.id), '[]') AS weekly,
  coalesce((SELECT json_agg(json_build_object(
      'date', to_char(o.date, 'YYYY-MM-DD'), 'intervals', o.intervals)
      ORDER BY o.date)
    FROM availability_overrides o
    WHERE o.teacher_id = u.id AND o.date >= $2::date), '[]') AS overrides`;

function rulesOf(row: RulesRow): AvailabilityRules {
  const policy = { ...DEFAULT_POLICY } as Record<string, unknown>;
  for (const key of POLICY_KEYS) {
    if (row[key] !== null && row[key] !== undefined) policy[key] = row[key];
  }
  return {
    ...(policy as unknown as SchedulePolicy),
    lesson_lengths: [...(policy.lesson_lengths as number[])].map(Number)
      .sort((a, b) => a - b),
    time_zone: row.time_zone,
    weekly: json(row.weekly),
    overrides: json(row.overrides).map((o: DateOverride) => ({
      date: o.date,
      intervals: json(o.intervals),
    })),
  };
}

/**
 * A teacher's rules and policies, or null when the id is not a teacher's.
 * Date overrides before `overridesFrom` (a local date) are left out.
 */
export async function getAvailabilityRules(
  db: Queryable,
  teacherId: string,
  overridesFrom = "0001-01-01",
): Promise<AvailabilityRules | null> {
  if (!isUuid(teacherId)) return null;
  const [row] = await db.query<RulesRow>(
    `SELECT ${RULES_COLUMNS}
     FROM users u LEFT JOIN teacher_schedules s ON s.teacher_id = u.id
     WHERE u.id = $1 AND u.role = 'teacher'`,
    [teacherId, overridesFrom],
  );
  return row ? rulesOf(row) : null;
}

/** What getAvailabilitySnapshot() reads around a window. */
export interface SnapshotWindow {
  /** First local date of the date overrides. */
  overridesFrom: string;
  /** Active bookings whose blocked range overlaps [busyFrom, busyTo). */
  busyFrom: Date;
  busyTo: Date;
  /** Open one-off slots starting in [slotsFrom, slotsTo). */
  slotsFrom: Date;
  slotsTo: Date;
  /** Leave this booking out of the busy time (a reschedule). */
  ignoreBookingId?: string | null;
}

/**
 * In one query: a teacher's name, rules, busy ranges and open one-off slots
 * around a window; null when the id is not a teacher's.
 */
export async function getAvailabilitySnapshot(
  db: Queryable,
  teacherId: string,
  window: SnapshotWindow,
): Promise<
  {
    username: string;
    rules: AvailabilityRules;
    busy: BusyRange[];
    slots: OneOffSlot[];
  } | null
> {
  if (!isUuid(teacherId)) return null;
  const [row] = await db.query<
    RulesRow & {
      username: string;
      busy: [number, number][] | string;
      slots: [string, number, number][] | string;
    }
  >(
    `SELECT u.username, ${RULES_COLUMNS},
       coalesce((SELECT json_agg(json_build_array(
           extract(epoch FROM b.blocked_from) * 1000,
           extract(epoch FROM b.blocked_until) * 1000) ORDER BY b.blocked_from)
         FROM bookings b
         WHERE b.teacher_id = u.id AND b.status IN ('pending', 'confirmed')
           AND b.blocked_from < $4 AND b.blocked_until > $3
           AND ($7::uuid IS NULL OR b.id <> $7::uuid)), '[]') AS busy,
       coalesce((SELECT json_agg(json_build_array(sl.id,
           extract(epoch FROM sl.start_at) * 1000,
           extract(epoch FROM sl.end_at) * 1000) ORDER BY sl.start_at)
         FROM slots sl
         WHERE sl.teacher_id = u.id AND sl.deleted_at IS NULL
           AND sl.start_at >= $5 AND sl.start_at < $6
           AND NOT EXISTS (
             SELECT 1 FROM bookings b
             WHERE b.slot_id = sl.id AND b.status IN ('pending', 'confirmed')
           )), '[]') AS slots
     FROM users u LEFT JOIN teacher_schedules s ON s.teacher_id = u.id
     WHERE u.id = $1 AND u.role = 'teacher'`,
    [
      teacherId,
      window.overridesFrom,
      window.busyFrom,
      window.busyTo,
      window.slotsFrom,
      window.slotsTo,
      window.ignoreBookingId ?? null,
    ],
  );
  if (!row) return null;
  return {
    username: row.username,
    rules: rulesOf(row),
    busy: json(row.busy).map(([from, until]) => ({
      from: new Date(Number(from)),
      until: new Date(Number(until)),
    })),
    slots: json(row.slots).map(([id, start, end]) => ({
      id,
      start_at: new Date(Number(start)),
      end_at: new Date(Number(end)),
    })),
  };
}

/** The lesson policies of a teacher (the defaults without a row). */
export async function getSchedulePolicy(
  db: Queryable,
  teacherId: string,
): Promise<SchedulePolicy> {
  return await run(db, schedulePolicyRead(teacherId));
}

/** The read of getSchedulePolicy(). */
export function schedulePolicyRead(teacherId: string): Read<SchedulePolicy> {
  return policyRead("$1", teacherId);
}

/** The read of the policy of a booking's teacher, by the booking's id. */
export function bookingPolicyRead(bookingId: string): Read<SchedulePolicy> {
  return policyRead(
    "(SELECT teacher_id FROM bookings WHERE id = $1)",
    bookingId,
  );
}

function policyRead(teacher: string, param: string): Read<SchedulePolicy> {
  return {
    text: `SELECT ${POLICY_KEYS.join(", ")} FROM teacher_schedules
           WHERE teacher_id = ${teacher}`,
    params: [param],
    decode: ([row]) =>
      (row as unknown as SchedulePolicy | undefined) ?? { ...DEFAULT_POLICY },
  };
}

/** What saveAvailability() writes; the policy fields are all optional. */
export type AvailabilityInput = Partial<SchedulePolicy> & {
  weekly?: WeeklyInterval[];
  overrides?: DateOverride[];
};

/**
 * Replaces a teacher's weekly hours and date overrides (those given) and
 * updates the given policies, in the caller's transaction.
 */
export async function saveAvailability(
  tx: Queryable,
  teacherId: string,
  input: AvailabilityInput,
): Promise<void> {
  const keys = POLICY_KEYS.filter((k) => input[k] !== undefined);
  await tx.query(
    `INSERT INTO teacher_schedules (teacher_id${
      keys.map((k) => `, ${k}`).join("")
    }) VALUES ($1${keys.map((_, i) => `, $${i + 2}`).join("")})
     ON CONFLICT (teacher_id) DO UPDATE SET updated_at = now()${
      keys.map((k) => `, ${k} = excluded.${k}`).join("")
    }`,
    [teacherId, ...keys.map((k) => input[k])],
  );
  if (input.weekly) {
    await tx.query("DELETE FROM availability_weekly WHERE teacher_id = $1", [
      teacherId,
    ]);
    if (input.weekly.length > 0) {
      await tx.query(
        `INSERT INTO availability_weekly (teacher_id, weekday, start_minute, end_minute)
         SELECT $1, w.weekday, w.start, w."end"
         FROM jsonb_to_recordset($2::text::jsonb) AS w(weekday int, start int, "end" int)`,
        [teacherId, JSON.stringify(input.weekly)],
      );
    }
  }
  if (input.overrides) {
    await tx.query(
      "DELETE FROM availability_overrides WHERE teacher_id = $1",
      [teacherId],
    );
    if (input.overrides.length > 0) {
      await tx.query(
        `INSERT INTO availability_overrides (teacher_id, date, intervals)
         SELECT $1, o.date, o.intervals
         FROM jsonb_to_recordset($2::text::jsonb) AS o(date date, intervals jsonb)`,
        [teacherId, JSON.stringify(input.overrides)],
      );
    }
  }
}

/**
 * The time held by a teacher's active bookings (buffers included) that
 * overlaps [from, to), optionally leaving one booking out (a reschedule).
 */
export async function listBusyRanges(
  db: Queryable,
  teacherId: string,
  from: Date,
  to: Date,
  ignoreBookingId: string | null = null,
): Promise<BusyRange[]> {
  return await db.query<BusyRange>(
    `SELECT blocked_from AS "from", blocked_until AS "until" FROM bookings
     WHERE teacher_id = $1 AND status IN ('pending', 'confirmed')
       AND blocked_from < $3 AND blocked_until > $2
       AND ($4::uuid IS NULL OR id <> $4::uuid)
     ORDER BY blocked_from`,
    [teacherId, from, to, ignoreBookingId],
  );
}

/** A teacher's published one-off slots nobody holds, starting in [from, to). */
export async function listOneOffSlots(
  db: Queryable,
  teacherId: string,
  from: Date,
  to: Date,
): Promise<OneOffSlot[]> {
  return await db.query<OneOffSlot>(
    `SELECT s.id, s.start_at, s.end_at FROM slots s
     WHERE s.teacher_id = $1 AND s.deleted_at IS NULL
       AND s.start_at >= $2 AND s.start_at < $3
       AND NOT EXISTS (
         SELECT 1 FROM bookings b
         WHERE b.slot_id = s.id AND b.status IN ('pending', 'confirmed')
       )
     ORDER BY s.start_at`,
    [teacherId, from, to],
  );
}
