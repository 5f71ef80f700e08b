// Delivering the outbox: claim due e-mails with FOR UPDATE SKIP LOCKED (so
// instances never claim the same row), send them, record the outcome. A claim
// is a lease (email_next_at moves past the send's longest time), so a process
// that dies mid-send loses nothing: the row comes due again when the lease
// ends, and the next send carries the same Message-ID.
import type { Queryable } from "@/lib/db/connection.ts";
import type { Notification } from "@/lib/notifications/model.ts";
import {
  composeEmail,
  type Email,
  UnsendableEmailError,
} from "@/lib/notifications/email.ts";
import type { Recipient } from "@/lib/notifications/render.ts";
import {
  isConnectionFailure,
  isPermanentFailure,
  type Mailer,
} from "@/lib/notifications/mailer.ts";
import { emailOutcomes } from "@/lib/metrics.ts";
import { logError } from "@/lib/log.ts";

/** How delivery claims, retries and gives up. */
export interface DeliveryOptions {
  /** Origin of the links and host of the Message-ID (APP_ORIGIN). */
  origin: string;
  /** Rows claimed and sent at once (default 4: the mailer's connections). */
  batchSize?: number;
  /** How long a claimed row is held before another instance may take it (default 30 s). */
  leaseMs?: number;
  /** Attempts before giving up on temporary failures (default 8). */
  maxAttempts?: number;
  /** First retry delay, doubled each attempt, with jitter (default 30 s). */
  retryBaseMs?: number;
  /** Longest retry delay (default 1 hour). */
  retryMaxMs?: number;
  /** How long one run keeps claiming new batches (default 10 s). */
  budgetMs?: number;
  /**
   * Age after which an unsent e-mail is given up instead (default 24 hours):
   * a backlog from a time without SMTP_URL holds stale reminders and expired
   * links.
   */
  maxAgeMs?: number;
}

/** What one run did. */
export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/** A claimed row: the notification and its recipient (with their locale). */
interface Claimed extends Notification, Recipient {
  email_attempts: number;
}

const MAX_ERROR_LENGTH = 500;
/** How a failure to reach the server is recorded, so a later success can wake those rows. */
const CONNECTION_FAILED = "Connection failed: ";

/** The retry delay after `attempts` attempts: exponential, capped, with jitter (50–100 %). */
export function retryDelayMs(
  attempts: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full * (0.5 + random() / 2));
}

/**
 * Claims up to `limit` due e-mails for `leaseMs`, counting the attempt. The
 * last error is cleared, so a claimed row is never taken for one waiting out
 * a connection failure.
 */
async function claimDue(
  db: Queryable,
  limit: number,
  leaseMs: number,
): Promise<Claimed[]> {
  return await db.query<Claimed>(
    `UPDATE notifications n
        SET email_next_at = now() + make_interval(secs => $2),
            email_attempts = n.email_attempts + 1,
            email_last_error = NULL
       FROM users u
      WHERE u.id = n.user_id
        AND n.id IN (SELECT id FROM notifications
                      WHERE email_status = 'pending' AND email_next_at <= now()
                      ORDER BY email_next_at
                      LIMIT $1
                      FOR UPDATE SKIP LOCKED)
  RETURNING n.id, n.user_id, n.kind, n.booking_id, n.facts, n.created_at,
            n.read_at, n.email_status, n.email_attempts,
            u.username, u.email, u.time_zone, u.locale`,
    [limit, leaseMs / 1000],
  );
}

/**
 * The e-mail of a claimed row. Whatever keeps it from being composed (a bad
 * address, facts the renderer cannot read) fails the same way on every
 * attempt, so it is permanent.
 */
function compose(row: Claimed, origin: string): Email {
  try {
    return composeEmail(row, row, origin);
  } catch (err) {
    if (err instanceof UnsendableEmailError) throw err;
    throw new UnsendableEmailError((err as Error).message);
  }
}

/** Sends one claimed e-mail and records the outcome. */
async function deliverOne(
  db: Queryable,
  mailer: Mailer,
  row: Claimed,
  options: Required<DeliveryOptions>,
): Promise<keyof DeliveryReport> {
  try {
    await mailer.send(compose(row, options.origin));
  } catch (err) {
    const error = ((isConnectionFailure(err) ? CONNECTION_FAILED : "") +
      (err instanceof Error ? err.message : String(err)))
      .slice(0, MAX_ERROR_LENGTH);
    const giveUp = isPermanentFailure(err) ||
      row.email_attempts >= options.maxAttempts;
    const delay = retryDelayMs(
      row.email_attempts,
      options.retryBaseMs,
      options.retryMaxMs,
    );
    await db.query(
      `UPDATE notifications
          SET email_status = CASE WHEN $2 THEN 'failed' ELSE 'pending' END,
              email_next_at = now() + make_interval(secs => $3),
              email_last_error = $4
        WHERE id = $1 AND email_status = 'pending'`,
      [row.id, giveUp, delay / 1000, error],
    );
    emailOutcomes.inc({ outcome: giveUp ? "failed" : "retried" });
    return giveUp ? "failed" : "retried";
  }
  await db.query(
    `UPDATE notifications
        SET email_status = 'sent', email_sent_at = now(), email_last_error = NULL
      WHERE id = $1`,
    [row.id],
  );
  emailOutcomes.inc({ outcome: "sent" });
  return "sent";
}

/**
 * Delivers due e-mails in batches until none is due, the run's budget is
 * spent or `signal` aborts (the batch under way finishes and is recorded).
 * @throws the database's error when claiming or recording fails
 */
export async function deliverDue(
  db: Queryable,
  mailer: Mailer,
  options: DeliveryOptions,
  signal?: AbortSignal,
): Promise<DeliveryReport> {
  const o: Required<DeliveryOptions> = {
    batchSize: 4,
    leaseMs: 30_000,
    maxAttempts: 8,
    retryBaseMs: 30_000,
    retryMaxMs: 3_600_000,
    budgetMs: 10_000,
    maxAgeMs: 24 * 3_600_000,
    ...options,
  };
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  report.failed += await giveUpStale(db, o.maxAgeMs);
  const deadline = Date.now() + o.budgetMs;
  while (!signal?.aborted && Date.now() < deadline) {
    const batch = await claimDue(db, o.batchSize, o.leaseMs);
    const outcomes = await Promise.allSettled(
      batch.map((row) => deliverOne(db, mailer, row, o)),
    );
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled") report[outcome.value]++;
      // Not recorded: the lease ends and the row is sent again, same Message-ID.
      else logError("email.record_failed", outcome.reason);
    }
    if (batch.length < o.batchSize) break;
  }
  if (report.sent > 0) await wakeAfterOutage(db);
  return report;
}

/** Gives up the unsent e-mails older than `maxAgeMs`; how many. */
async function giveUpStale(db: Queryable, maxAgeMs: number): Promise<number> {
  const rows = await db.query(
    `UPDATE notifications
        SET email_status = 'failed', email_last_error = $2
      WHERE email_status = 'pending' AND email_next_at <= now()
        AND created_at < now() - make_interval(secs => $1)
  RETURNING id`,
    [maxAgeMs / 1000, `Not sent within ${maxAgeMs / 3_600_000} hours`],
  );
  if (rows.length) emailOutcomes.inc({ outcome: "failed" }, rows.length);
  return rows.length;
}

/**
 * The server answers again: e-mails waiting out the backoff of a connection
 * failure are due now, rather than each at its own later retry. (Answers about
 * one message, such as a 451, keep their backoff.)
 */
async function wakeAfterOutage(db: Queryable): Promise<void> {
  await db.query(
    `UPDATE notifications SET email_next_at = now()
      WHERE email_status = 'pending' AND email_next_at > now()
        AND email_last_error LIKE $1`,
    [`${CONNECTION_FAILED}%`],
  );
}

/** The outbox as /metrics shows it. */
export interface OutboxStats {
  /** E-mails not yet sent nor given up. */
  depth: number;
  /** Age in seconds of the oldest of them (0 when there is none). */
  oldestAgeSeconds: number;
}

/** Reads the outbox's depth and the age of its oldest undelivered e-mail. */
export async function outboxStats(db: Queryable): Promise<OutboxStats> {
  const [row] = await db.query<{ depth: number; oldest: number | null }>(
    `SELECT count(*)::int AS depth,
            extract(epoch FROM now() - min(created_at))::float8 AS oldest
       FROM notifications WHERE email_status = 'pending'`,
  );
  return { depth: row.depth, oldestAgeSeconds: row.oldest ?? 0 };
}
