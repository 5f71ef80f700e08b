// The app's periodic work, on the one scheduler: settling finished bookings,
// pruning expired sessions, login-throttle counters and the signaling bus's
// large-message rows, writing lesson reminders and "waiting for you" nudges,
// each teacher's next free time for discovery, and delivering the e-mail outbox (when SMTP_URL is set).
import type { Database } from "@/lib/db/connection.ts";
import { sweepFinishedBookings } from "@/lib/bookings/attendance.ts";
import { expireDue } from "@/lib/bookings/expiry.ts";
import { pruneSessions } from "@/lib/auth/session.ts";
import { pruneLoginThrottle } from "@/lib/auth/throttle.ts";
import { pruneSignalMessages } from "@/lib/signaling/bus.ts";
import { sendDueReminders } from "@/lib/notifications/reminders.ts";
import { refreshNextFree } from "@/lib/profiles/next_free.ts";
import { sendPeerWaitingNudges } from "@/lib/notifications/peer_waiting.ts";
import type { Config } from "@/lib/config.ts";
import { registerOutboxGauges } from "@/lib/metrics.ts";
import { createSmtpMailer, type Mailer } from "@/lib/notifications/mailer.ts";
import {
  deliverDue,
  type DeliveryOptions,
  outboxStats,
} from "@/lib/notifications/delivery.ts";
import {
  type Job,
  Scheduler,
  type SchedulerOptions,
} from "@/lib/jobs/scheduler.ts";

const MINUTE = 60_000;

/** The e-mail side of the jobs: a mailer and how to deliver. */
export interface OutboxDelivery {
  mailer: Mailer;
  options: DeliveryOptions;
}

/**
 * The outbox's delivery job: often, so e-mail leaves within seconds; each run
 * keeps claiming for a few seconds at most, well inside its lease.
 */
export function outboxJob(db: Database, delivery: OutboxDelivery): Job {
  return {
    name: "outbox.deliver",
    intervalMs: 1_000,
    leaseMs: 30_000,
    run: (signal) =>
      deliverDue(db, delivery.mailer, {
        budgetMs: 5_000,
        ...delivery.options,
      }, signal),
  };
}

/** The app's jobs over a database (with the outbox's when e-mail is set up). */
export function appJobs(
  db: Database,
  delivery: OutboxDelivery | null = null,
): Job[] {
  return [
    ...(delivery ? [outboxJob(db, delivery)] : []),
    {
      // The only writer of settled outcomes: reads compute them for display.
      name: "bookings.settle",
      intervalMs: MINUTE,
      run: () => sweepFinishedBookings(db),
    },
    {
      // Unanswered requests and reschedule proposals; a minute late at most.
      name: "bookings.expire",
      intervalMs: MINUTE,
      run: () => expireDue(db),
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
      // Discovery's "free this week" and "soonest free": five minutes stale
      // at most (a teacher's own change to their hours shows at once).
      name: "teachers.next_free",
      intervalMs: 5 * MINUTE,
      run: () => refreshNextFree(db),
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
  /** SMTP_URL, MAIL_FROM and APP_ORIGIN; without them no e-mail is sent. */
  config?: Pick<Config, "smtpUrl" | "mailFrom" | "appOrigin">;
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
  const { smtpUrl, mailFrom, appOrigin } = ctx.config ?? {};
  const delivery = smtpUrl && mailFrom && appOrigin
    ? {
      mailer: createSmtpMailer(smtpUrl, mailFrom),
      options: { origin: appOrigin },
    }
    : null;
  // Without SMTP_URL nothing leaves the outbox: no gauge to alert on.
  if (delivery) registerOutboxGauges(() => outboxStats(ctx.db));
  const scheduler = new Scheduler(ctx.db, options);
  for (const job of appJobs(ctx.db, delivery)) scheduler.add(job);
  scheduler.start();
  return {
    async stop() {
      await scheduler.stop();
      delivery?.mailer.close();
    },
  };
}
