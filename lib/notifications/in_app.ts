// What the in-app notification list may show of account mail. A password
// reset link or an e-mail confirmation link proves that its reader controls
// the mailbox; shown in-app, it would let anyone holding the session (a
// stolen cookie) reset the password without the current one, or confirm an
// address they do not own. So in-app the link is replaced by the page where
// a new one can be asked for; only the embedded demo database, which has no
// mail to send, shows it.
import type { AccountFacts, Notification } from "@/lib/notifications/model.ts";

/** Whether a notification carries a single-use account link. */
export function carriesAccountLink(n: Notification): boolean {
  if (n.kind === "password_reset") return true;
  if (n.kind !== "email_change") return false;
  return (n.facts as AccountFacts & { notice?: boolean }).notice !== true;
}

/**
 * The notification as the in-app list and the API show it: account links
 * replaced by the page that issues new ones, unless `showAccountLinks`.
 */
export function forInApp(
  n: Notification,
  showAccountLinks: boolean,
): Notification {
  if (showAccountLinks || !carriesAccountLink(n)) return n;
  const safePath = n.kind === "password_reset"
    ? "/forgot-password"
    : "/account";
  return { ...n, facts: { ...n.facts, link_path: safePath } as AccountFacts };
}
