// Throttling of account recovery, in login_throttle beside the sign-in
// counters (see throttle.ts): password-reset requests per e-mail address
// asked for and per client address, and e-mail change requests per account.
// Counts are requests, not failures, in windows of RECOVERY_WINDOW_SECONDS.
import type { Queryable } from "@/lib/db/connection.ts";
import { msg, TooManyRequestsError } from "@/lib/errors.ts";
import {
  accountKey,
  addressKey,
  COUNT_ATTEMPT,
  type ThrottleScope,
  waitText,
} from "@/lib/auth/throttle.ts";

/** Password-reset requests for one e-mail address (known or not) within RECOVERY_WINDOW_SECONDS. */
export const RESET_ACCOUNT_LIMIT = 5;
/** Password-reset requests from one client address within RECOVERY_WINDOW_SECONDS. */
export const RESET_ADDRESS_LIMIT = 30;
/** E-mail change requests of one account within RECOVERY_WINDOW_SECONDS. */
export const EMAIL_CHANGE_LIMIT = 5;
/** Window of the recovery counters, in seconds (1 hour). */
export const RECOVERY_WINDOW_SECONDS = 60 * 60;

/**
 * Counts a password-reset request for an e-mail address from a client
 * address, atomically, and refuses it past RESET_ACCOUNT_LIMIT for the e-mail
 * address or RESET_ADDRESS_LIMIT for the client address. The e-mail address
 * is counted whether or not an account has it, so a refusal tells nothing
 * about which addresses are registered.
 * @throws {TooManyRequestsError} with `retryAfter` = seconds until the window ends
 */
export async function claimResetRequest(
  db: Queryable,
  email: string,
  address: string,
): Promise<void> {
  const rows = await countRequests(db, [
    ["reset_account", accountKey(email)],
    ["reset_address", addressKey(address)],
  ]);
  refuseOverLimit(
    rows,
    (scope) =>
      scope === "reset_account" ? RESET_ACCOUNT_LIMIT : RESET_ADDRESS_LIMIT,
    "error.throttle.reset",
  );
}

/**
 * Counts an e-mail change request of an account, atomically, and refuses it
 * past EMAIL_CHANGE_LIMIT in the window (each request sends two messages).
 * @throws {TooManyRequestsError} with `retryAfter` = seconds until the window ends
 */
export async function claimEmailChange(
  db: Queryable,
  userId: string,
): Promise<void> {
  const rows = await countRequests(db, [["email_change", userId]]);
  refuseOverLimit(
    rows,
    () => EMAIL_CHANGE_LIMIT,
    "error.throttle.emailChange",
  );
}

type CountedRow = {
  scope: ThrottleScope;
  attempts: number;
  retry_after: number;
};

// Counts one request against each (scope, key) counter, in one statement, in
// windows of RECOVERY_WINDOW_SECONDS.
async function countRequests(
  db: Queryable,
  counters: [ThrottleScope, string][],
): Promise<CountedRow[]> {
  const values = counters.map((_, i) =>
    `($${2 * i + 2}, $${2 * i + 3}, 1, now(), $1::integer)`
  );
  return await db.query<CountedRow>(
    `INSERT INTO login_throttle AS t
       (scope, key, failures, window_started_at, window_seconds)
     VALUES ${values.join(", ")}
     ${COUNT_ATTEMPT}`,
    [RECOVERY_WINDOW_SECONDS, ...counters.flat()],
  );
}

// Throws "<what>: try again in …" (`what` is the message) when a counted row is past its limit.
function refuseOverLimit(
  rows: CountedRow[],
  limit: (scope: ThrottleScope) => number,
  what: "error.throttle.reset" | "error.throttle.emailChange",
): void {
  let retryAfter = 0;
  for (const row of rows) {
    if (Number(row.attempts) > limit(row.scope)) {
      retryAfter = Math.max(retryAfter, Number(row.retry_after), 1);
    }
  }
  if (retryAfter === 0) return;
  throw new TooManyRequestsError(
    msg(what, { wait: waitText(retryAfter) }),
    retryAfter,
  );
}
