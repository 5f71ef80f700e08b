// The app's periodic work, on the one scheduler: settling finished bookings
// and pruning expired sessions, login-throttle counters and the signaling
// bus's large-message rows.
import type { Queryable } from "@/lib/db/connection.ts";
import { sweepFinishedBookings } from "@/lib/bookings/attendance.ts";
import { pruneSessions } from "@/lib/auth/session.ts";
import { pruneLoginThrottle } from "@/lib/auth/throttle.ts";
import { pruneSignalMessages } from "@/lib/signaling/bus.ts";
import {
  type Job,
  Scheduler,
  type SchedulerOptions,
} from "@/lib/jobs/scheduler.ts";

const MINUTE = 60_000;

/** The app's jobs over a database. */
export function appJobs(db: Queryable): Job[] {
  return [
    {
      // The only writer of settled outcomes: reads compute them for display.
      name: "bookings.settle",
      intervalMs: MINUTE,
      run: () => sweepFinishedBookings(db),
    },
    {
      name: "sessions.prune",
      intervalMs: 60 * MINUTE,
      run: () => pruneSessions(db),
    },
    {
      name: "login_throttle.prune",
      intervalMs: 15 * MINUTE,
      run: () => pruneLoginThrottle(db),
    },
    {
      // The PostgreSQL bus's large messages: their NOTIFY is long delivered.
      name: "signal_messages.prune",
      intervalMs: MINUTE,
      run: () => pruneSignalMessages(db),
    },
  ];
}

/** What start-up needs of the app to run its jobs. */
export interface AppJobsContext {
  db: Queryable;
}

/** Something that runs until stopped. */
export interface Stoppable {
  /** Stops, waiting for the work in progress. */
  stop(): Promise<void>;
}

/**
 * Starts the app's jobs; stop() (at shutdown, before the database closes)
 * waits for the runs in progress.
 */
export function startAppJobs(
  ctx: AppJobsContext,
  options: SchedulerOptions = {},
): Stoppable {
  const scheduler = new Scheduler(ctx.db, options);
  for (const job of appJobs(ctx.db)) scheduler.add(job);
  scheduler.start();
  return scheduler;
}
