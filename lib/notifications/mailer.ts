// Sending e-mail over SMTP with nodemailer (it runs under Deno's Node
// compatibility), and telling a temporary failure from a permanent one.
// @ts-types="@types/nodemailer"
import nodemailer from "nodemailer";
import type { Email } from "@/lib/notifications/email.ts";
import { headerText } from "@/lib/notifications/email.ts";

/** Something that sends e-mails. */
export interface Mailer {
  /**
   * Sends one e-mail.
   * @throws the transport's error; classify it with isPermanentFailure()
   */
  send(email: Email): Promise<void>;
  /** Closes the connections. */
  close(): void;
}

/** How long an unresponsive server may hold a send (connect, greeting, each read). */
const CONNECTION_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 10_000;

/**
 * A mailer on the SMTP server at `smtpUrl` (smtp:// or smtps://, with the
 * credentials in the URL), sending as `from`, over up to `connections`
 * reused connections.
 */
export function createSmtpMailer(
  smtpUrl: string,
  from: string,
  connections = 4,
): Mailer {
  const url = new URL(smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    auth: url.username
      ? {
        user: decodeURIComponent(url.username),
        pass: decodeURIComponent(url.password),
      }
      : undefined,
    pool: true,
    maxConnections: connections,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: CONNECTION_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  return {
    async send(email) {
      await transport.sendMail({
        from: headerText(from),
        to: email.to,
        subject: headerText(email.subject),
        messageId: email.messageId,
        text: email.text,
        html: email.html,
        ...(email.invite
          ? {
            icalEvent: {
              method: email.invite.method,
              filename: "invite.ics",
              content: email.invite.content,
            },
          }
          : {}),
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    },
    close() {
      transport.close();
    },
  };
}

/**
 * True for a failure that retrying cannot fix: a 5xx answer of the server,
 * or an e-mail that cannot be composed. Connection problems and 4xx answers
 * are temporary.
 */
export function isPermanentFailure(err: unknown): boolean {
  if (err instanceof Error && err.name === "UnsendableEmailError") return true;
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/**
 * True for a failure to reach the server at all (no SMTP answer: refused,
 * timed out, closed), as opposed to an answer about this one message.
 */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof Error && err.name === "UnsendableEmailError") return false;
  return typeof (err as { responseCode?: unknown })?.responseCode !== "number";
}
