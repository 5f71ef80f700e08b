// 7. The teacher's booking page: /teachers/:id computes up to eight weeks of
// free times on every request (the teacher's rules minus their bookings).
// Measured beside /bookings/:id on the same PostgreSQL server in the same
// run, for a teacher open 08:00–20:00 every day with 200 future bookings.
import type { BenchContext } from "./_context.ts";
import { cookieOf, login, startTalkroom } from "./_app.ts";
import { ensureCommand } from "./_proc.ts";
import { runWrk, type WrkResult } from "./_wrk.ts";
import { median } from "./_stats.ts";
import { type BenchResult, fmt, type Verdict } from "./_report.ts";
import { CONNECTIONS } from "./page.ts";
import type { Database } from "@/lib/db/connection.ts";
import { saveAvailability } from "@/lib/availability/store.ts";

/** Future bookings of the measured teacher, as the target states. */
export const FUTURE_BOOKINGS = 200;

/**
 * A teacher open 08:00–20:00 UTC every day (30/45/60-minute lessons, 15
 * minutes' buffer after) with FUTURE_BOOKINGS confirmed bookings over the
 * next seven weeks; returns the teacher's id.
 */
export async function prepareBusyTeacher(db: Database): Promise<string> {
  const tag = crypto.randomUUID().slice(0, 8);
  const [teacher, student] = await db.query<{ id: string }>(
    `INSERT INTO users (email, username, role, password_hash, time_zone)
     VALUES ($1, 'Busy teacher', 'teacher', 'bench-user-without-login', 'Europe/Berlin'),
            ($2, 'Busy student', 'student', 'bench-user-without-login', 'UTC')
     RETURNING id`,
    [`busy-teacher-${tag}@bench.test`, `busy-student-${tag}@bench.test`],
  );
  await saveAvailability(db, teacher.id, {
    weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      start: 8 * 60,
      end: 20 * 60,
    })),
    lesson_lengths: [30, 45, 60],
    grid_minutes: 30,
    buffer_after_minutes: 15,
  });
  // Four lessons a day from tomorrow on, 50 days: 200 bookings.
  await db.query(
    `INSERT INTO bookings (student_id, teacher_id, start_at, end_at, status,
       buffer_after_minutes)
     SELECT $2, $1, t, t + interval '1 hour', 'confirmed', 15
       FROM generate_series(1, $3::int / 4) AS d,
            unnest(ARRAY[9, 11, 14, 16]) AS h,
            LATERAL (SELECT date_trunc('day', now()) + d * interval '1 day'
                            + h * interval '1 hour' AS t) AS x`,
    [teacher.id, student.id, FUTURE_BOOKINGS],
  );
  return teacher.id;
}

/** Runs the teacher's booking page benchmark. */
export async function runTeacherPageBench(
  ctx: BenchContext,
): Promise<BenchResult> {
  await ensureCommand("wrk", "wrk");
  const seconds = ctx.quick ? 3 : 10;
  const warmup = ctx.quick ? 1 : 3;
  const database = await ctx.postgres();
  const teacherId = await prepareBusyTeacher(database.db!);
  const server = await startTalkroom({
    database,
    cpus: ctx.layout.server,
    freshDir: await ctx.freshDir(),
  });
  const measured: { name: string; rps: number; p50: number; p99: number }[] =
    [];
  try {
    const token = await login(server.origin, "student@demo.test");
    const headers = { cookie: cookieOf(token) };
    for (
      const [name, path, mark] of [
        ["/bookings/:id", `/bookings/${database.openBookingId}`, "<html"],
        ["/teachers/:id", `/teachers/${teacherId}`, "data-start-at="],
      ]
    ) {
      const url = `${server.origin}${path}`;
      const res = await fetch(url, { headers, redirect: "manual" });
      const body = await res.text();
      if (res.status !== 200 || !body.includes(mark)) {
        throw new Error(`${path} answered ${res.status} without ${mark}`);
      }
      await ctx.quiet();
      const cpus = ctx.layout.load;
      await runWrk({
        url,
        headers,
        connections: CONNECTIONS,
        seconds: warmup,
        cpus,
      });
      const runs: WrkResult[] = [];
      for (let i = 0; i < ctx.runs; i++) {
        runs.push(
          await runWrk({
            url,
            headers,
            connections: CONNECTIONS,
            seconds,
            cpus,
          }),
        );
      }
      const m = {
        name,
        rps: median(runs.map((r) => r.rps)),
        p50: median(runs.map((r) => r.p50Ms)),
        p99: median(runs.map((r) => r.p99Ms)),
      };
      ctx.log(`${name}: ${fmt(m.rps)} req/s, p99 ${fmt(m.p99, 2)} ms`);
      measured.push(m);
    }
  } finally {
    await server.stop();
  }
  const [booking, teacher] = measured;
  const share = teacher.rps / booking.rps;
  const verdicts: Verdict[] = [{
    target:
      `/teachers/:id (8 weeks of free times, ${FUTURE_BOOKINGS} future bookings) ≥ 50 % of /bookings/:id's req/s, PostgreSQL`,
    measured: `${fmt(share * 100, 1)} % (${fmt(teacher.rps)} of ${
      fmt(booking.rps)
    } req/s)`,
    met: share >= 0.5,
    margin: share >= 0.5
      ? `${fmt(share / 0.5, 2)}× the required req/s`
      : `${fmt(0.5 / share, 2)}× too few req/s`,
  }];
  return {
    name: "teacher",
    tables: [{
      title:
        `Teacher's booking page beside the booking page, PostgreSQL (${ctx.layout.description})`,
      columns: ["page", "req/s", "p50 ms", "p99 ms", "of /bookings/:id"],
      rows: measured.map((m) => [
        m.name,
        Math.round(m.rps),
        fmt(m.p50, 2),
        fmt(m.p99, 2),
        `${fmt((m.rps / booking.rps) * 100, 1)} %`,
      ]),
      notes: [
        `wrk, ${CONNECTIONS} connections, 1 thread, ${seconds} s after a ${warmup} s warm-up; median of ${ctx.runs} run(s)`,
        `signed in as the demo student; the teacher is open 08:00–20:00 every day with ${FUTURE_BOOKINGS} future bookings; the page computes the shown week and the seven after it`,
      ],
    }],
    verdicts,
    data: { connections: CONNECTIONS, seconds, measured },
  };
}
