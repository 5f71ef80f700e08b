// The app's periodic work, on the one scheduler: settling finished bookings,
// pruning expired sessions, login-throttle counters and the signaling bus's
// large-message rows, and writing lesson reminders and "waiting for you"
// nudges.
import type { Database } from "@/lib/db/connection.ts";
import { sweepFinishedBookings } from "@/lib/bookings/attendance.ts";
import { pruneSessions } from "@/lib/auth/session.ts";
import { pruneLoginThrottle } from "@/lib/auth/throttle.ts";
import { pruneSignalMessages } from "@/lib/signaling/bus.ts";
import { sendDueReminders } from "@/lib/notifications/reminders.ts";
import { sendPeerWaitingNudges } from "@/lib/notifications/peer_waiting.ts";
import {
  type Job,
  Scheduler,
  type SchedulerOptions,
} from "@/lib/jobs/scheduler.ts";

const MINUTE = 60_000;

/** The app's jobs over a database. */
export function appJobs(db: Database): Job[] {
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
    {
      // Each reminder is due from its time until the start; a minute late at most.
      name: "notifications.reminders",
      intervalMs: MINUTE,
      run: (signal) => sendDueReminders(db, { signal }),
    },
    {
      name: "notifications.peer_waiting",
      intervalMs: MINUTE,
      run: (signal) => sendPeerWaitingNudges(db, { signal }),
    },
  ];
}

/** What start-up needs of the app to run its jobs. */
export interface AppJobsContext {
  db: Database;
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
