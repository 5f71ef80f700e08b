// A real SMTP server for the tests (npm smtp-server) on a free port: it
// keeps every message it accepts, raw, and refuses recipients with a code
// (451: try later, 550: never) when told to.
// @ts-types="@types/smtp-server"
import { SMTPServer } from "smtp-server";
// @ts-types="@types/mailparser"
import { type ParsedMail, simpleParser } from "mailparser";
import { Buffer } from "node:buffer";
import { until } from "@/tests/_wait.ts";
import { type TestSchema, testSchemaEnv } from "@/tests/_server.ts";

/** A message the sink accepted. */
export interface SinkMessage {
  /** RCPT TO addresses. */
  to: string[];
  /** The message as it came over the wire. */
  raw: string;
  /** When the sink accepted it (performance.now()). */
  at: number;
}

/** A running sink. */
export interface SmtpSink {
  /** `smtp://user:password@127.0.0.1:<port>` (any credentials are accepted). */
  url: string;
  port: number;
  received: SinkMessage[];
  /** Refuses `address` with `code` for its next `times` deliveries (Infinity: always). */
  refuse(address: string, code: 451 | 550, times?: number): void;
  /** Resolves once `count` messages arrived. @throws after `timeoutMs` */
  waitFor(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Messages whose data arrived but that wait for release() to be answered. */
  held(): number;
  /** From now on, answers no message until release(). */
  hold(): void;
  /** Answers the held messages (250) and stops holding. */
  release(): void;
  /** Stops listening (connections are refused until start() again). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** How a sink listens and answers. */
export interface SinkOptions {
  /** Port to listen on (default a free one). */
  port?: number;
  /** Time to wait before accepting each message (a slow server). */
  delayMs?: number;
}

/**
 * Starts a sink on 127.0.0.1.
 * @throws the listen error
 */
export async function startSmtpSink(
  options: SinkOptions = {},
): Promise<SmtpSink> {
  let port = options.port ?? 0;
  const received: SinkMessage[] = [];
  const refusals = new Map<string, { code: number; times: number }>();
  let holding: (() => void)[] | null = null;
  const newServer = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      size: 10_000_000,
      closeTimeout: 500,
      onAuth(auth, _session, done) {
        done(null, { user: auth.username });
      },
      onRcptTo(address, _session, done) {
        const rule = refusals.get(address.address.toLowerCase());
        if (rule && rule.times > 0) {
          rule.times--;
          const err = Object.assign(
            new Error(rule.code === 451 ? "Try again later" : "No such user"),
            { responseCode: rule.code },
          );
          return done(err);
        }
        done();
      },
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const accept = () => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              raw: Buffer.concat(chunks).toString("utf8"),
              at: performance.now(),
            });
            done();
          };
          if (holding) holding.push(accept);
          else setTimeout(accept, options.delayMs ?? 0);
        });
      },
    });
  let server = newServer();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.on("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  await listen();
  port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://sink:secret@127.0.0.1:${port}`,
    port,
    received,
    refuse(address, code, times = Infinity) {
      refusals.set(address.toLowerCase(), { code, times });
    },
    async waitFor(count, timeoutMs = 20_000) {
      await until(
        () => received.length >= count,
        `${count} messages at the sink (${received.length} came)`,
        timeoutMs,
        25,
      );
      return received;
    },
    held: () => holding?.length ?? 0,
    hold() {
      holding ??= [];
    },
    release() {
      const waiting = holding ?? [];
      holding = null;
      for (const accept of waiting) accept();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async start() {
      server = newServer();
      await listen();
    },
  };
}

/** Parses a message with mailparser. */
export function parseMessage(message: SinkMessage): Promise<ParsedMail> {
  return simpleParser(message.raw);
}

/**
 * The environment of an app process on `schema` that mails through the sink
 * at `smtpUrl`, with links (and the expected Origin) at `origin`.
 */
export function smtpEnv(
  schema: Pick<TestSchema, "url" | "schema">,
  smtpUrl: string,
  origin: string,
): Record<string, string> {
  return {
    ...testSchemaEnv(schema),
    SMTP_URL: smtpUrl,
    MAIL_FROM: "Talkroom <no-reply@talkroom.example>",
    APP_ORIGIN: origin,
  };
}
