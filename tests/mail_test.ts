// E-mail delivery through real app processes on the real PostgreSQL server
// and a real SMTP sink: bad mail settings stop the start, an unreachable mail
// server blocks nothing and shows in /metrics, two instances deliver every
// message exactly once, and a SIGKILL mid-delivery loses nothing.
import assert from "node:assert/strict";
import {
  openTestSchema,
  type ServerProcess,
  startServer,
  type TestSchema,
} from "@/tests/_server.ts";
import { createTestUser } from "@/tests/_db.ts";
import {
  parseMessage,
  type SinkMessage,
  smtpEnv,
  type SmtpSink,
  startSmtpSink,
} from "@/tests/_smtp.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import type { Database } from "@/lib/db/connection.ts";
import { until } from "@/tests/_wait.ts";

const METRICS_TOKEN = "metrics-token-for-mail-tests";
const ORIGIN = "https://talkroom.example";

function mailEnv(schema: TestSchema, smtpUrl: string): Record<string, string> {
  return { ...smtpEnv(schema, smtpUrl, ORIGIN), METRICS_TOKEN };
}

/** Enqueues `count` password-reset e-mails to one new user; their ids. */
async function enqueueMany(db: Database, count: number): Promise<string[]> {
  const user = await createTestUser(db);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = await enqueueNotification(db, {
      userId: user.id,
      kind: "password_reset",
      facts: {
        link_path: `/reset-password?token=t${i}`,
        expires_at: new Date().toISOString(),
      },
    });
    ids.push(id!);
  }
  return ids;
}

/** The Message-ID header of each message, as a count per id. */
function messageIds(received: SinkMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of received) {
    const [, id] = /^Message-ID: <([^@>]+)@talkroom\.example>/im.exec(
      message.raw,
    ) ?? [];
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function metrics(server: ServerProcess): Promise<string> {
  const response = await fetch(`${server.origin}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  assert.equal(response.status, 200);
  return await response.text();
}

function metric(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : NaN;
}

async function statuses(db: Database): Promise<Record<string, number>> {
  const rows = await db.query<{ email_status: string; count: number }>(
    "SELECT email_status, count(*)::int AS count FROM notifications GROUP BY 1",
  );
  return Object.fromEntries(rows.map((r) => [r.email_status, r.count]));
}

for (
  const [variable, env] of [
    ["SMTP_URL", { SMTP_URL: "http://mail.example", MAIL_FROM: "a@b.example" }],
    ["MAIL_FROM", { SMTP_URL: "smtp://mail.example", MAIL_FROM: "nobody" }],
  ] as const
) {
  Deno.test(`a malformed ${variable} stops the server at start, naming the variable`, async () => {
    const error = await startServer({ ...env, APP_ORIGIN: ORIGIN }).then(
      async (server) => {
        await server.stop();
        return null;
      },
      (err: Error) => err,
    );
    assert.ok(error, "the server started");
    assert.match(
      error.message,
      new RegExp(`Invalid configuration: ${variable}`),
    );
    assert.match(error.message, /exited with code 1/);
  });
}

Deno.test("a mail server that never answers blocks no request: the outbox keeps the e-mails and /metrics shows their depth, age and retries", async () => {
  const schema = await openTestSchema({ prefix: "mail" });
  // Accepts connections and never says a word (a hung or firewalled server).
  const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of silent) held.push(conn);
  })();
  let server: ServerProcess | undefined;
  try {
    await enqueueMany(schema.db, 3);
    server = await startServer(
      mailEnv(schema, `smtp://127.0.0.1:${silent.addr.port}`),
    );
    // The sends are waiting for a greeting now; requests are answered anyway.
    for (const path of ["/healthz", "/login"]) {
      const started = performance.now();
      const response = await fetch(`${server.origin}${path}`);
      await response.body?.cancel();
      assert.equal(response.status, 200, path);
      assert.ok(performance.now() - started < 2_000, `${path} at once`);
    }
    const deadline = Date.now() + 30_000;
    let text = await metrics(server);
    while (metric(text, 'talkroom_emails_total{outcome="retried"}') < 3) {
      assert.ok(Date.now() < deadline, text);
      await new Promise((resolve) => setTimeout(resolve, 200));
      text = await metrics(server);
    }
    assert.equal(metric(text, "talkroom_outbox_depth"), 3);
    assert.ok(metric(text, "talkroom_outbox_oldest_age_seconds") > 0);
    assert.equal(metric(text, 'talkroom_emails_total{outcome="sent"}'), 0);
    assert.deepEqual(await statuses(schema.db), { pending: 3 });
    const [{ error }] = await schema.db.query<{ error: string }>(
      "SELECT email_last_error AS error FROM notifications LIMIT 1",
    );
    assert.match(error, /^Connection failed: .*(timeout|Greeting)/i);
  } finally {
    await server?.stop();
    silent.close();
    for (const conn of held) conn.close();
    await accepting.catch(() => {});
    await schema.drop();
  }
});

/** Waits until every row is sent, or throws with the counts after `ms`. */
async function waitAllSent(db: Database, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let counts = await statuses(db);
  while (Object.keys(counts).join() !== "sent") {
    assert.ok(Date.now() < deadline, JSON.stringify(counts));
    await new Promise((resolve) => setTimeout(resolve, 200));
    counts = await statuses(db);
  }
}

Deno.test("two app processes on one PostgreSQL deliver 500 e-mails: none twice, none missing", async () => {
  const schema = await openTestSchema({ prefix: "mail" });
  const sink = await startSmtpSink();
  const servers: ServerProcess[] = [];
  try {
    const env = mailEnv(schema, sink.url);
    servers.push(...await Promise.all([startServer(env), startServer(env)]));
    const ids = await enqueueMany(schema.db, 500);
    const started = performance.now();
    await sink.waitFor(500, 120_000);
    const seconds = (performance.now() - started) / 1000;
    await waitAllSent(schema.db, 10_000);
    // Late duplicates would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const counts = messageIds(sink.received);
    assert.equal(sink.received.length, 500);
    assert.deepEqual([...counts.keys()].sort(), [...ids].sort());
    const sent = await Promise.all(
      servers.map(async (s) =>
        metric(await metrics(s), 'talkroom_emails_total{outcome="sent"}')
      ),
    );
    assert.equal(sent[0] + sent[1], 500);
    console.log(
      `500 e-mails by two instances in ${seconds.toFixed(1)} s (${
        (500 / seconds).toFixed(0)
      }/s), sent per instance: ${sent.join(" + ")}`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await sink.stop();
    await schema.drop();
  }
});

Deno.test("an instance killed with SIGKILL mid-delivery loses nothing: the other delivers every e-mail, a repeat only with the same Message-ID", async () => {
  const schema = await openTestSchema({ prefix: "mail" });
  const sink: SmtpSink = await startSmtpSink();
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  try {
    const ids = await enqueueMany(schema.db, 60);
    const env = mailEnv(schema, sink.url);
    a = await startServer(env);
    await sink.waitFor(1, 30_000);
    // A's next sends reach the sink and wait for its answer: kill A then.
    sink.hold();
    await until(() => sink.held() > 0, "a send reaching the sink", 10_000);
    await a.stop("SIGKILL");
    // The sink keeps what arrived: the dead instance never learns it did.
    sink.release();
    // Claimed by the dead instance and not recorded: the lease holds them.
    const [{ held }] = await schema.db.query<{ held: number }>(
      `SELECT count(*)::int AS held FROM notifications
        WHERE email_status = 'pending' AND email_attempts > 0`,
    );
    assert.ok(held > 0, "the kill came mid-delivery");
    b = await startServer(env);
    await waitAllSent(schema.db, 90_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const counts = messageIds(sink.received);
    assert.deepEqual([...counts.keys()].sort(), [...ids].sort());
    const repeated = [...counts.values()].filter((n) => n > 1).length;
    assert.ok(repeated <= held, `${repeated} repeated, ${held} held`);
  } finally {
    await Promise.all([a?.stop(), b?.stop()]);
    await sink.stop();
    await schema.drop();
  }
});

Deno.test("password reset end to end through the mail server: the e-mail's link opens the form and the new password signs in", async () => {
  const schema = await openTestSchema({ prefix: "mail" });
  const sink = await startSmtpSink();
  let server: ServerProcess | undefined;
  try {
    const user = await createTestUser(schema.db);
    server = await startServer(mailEnv(schema, sink.url));
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${server!.origin}${path}`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams(fields),
        headers: { origin: ORIGIN },
      });
    const asked = await post("/forgot-password", { email: user.email });
    await asked.body?.cancel();
    assert.equal(asked.status, 303);
    const [message] = await sink.waitFor(1);
    assert.deepEqual(message.to, [user.email]);
    const mail = await parseMessage(message);
    const [link, token] =
      /https:\/\/talkroom\.example\/reset-password\?token=([\w%-]+)/
        .exec(mail.text ?? "") ?? [];
    assert.ok(link, String(mail.text));
    assert.ok(String(mail.html).includes(link.replaceAll("&", "&amp;")));
    const form = await fetch(
      `${server.origin}/reset-password?token=${token}`,
    );
    assert.equal(form.status, 200);
    assert.match(await form.text(), /<input[^>]*name="password"/);
    const password = "copper meadow 4418";
    const reset = await post("/reset-password", {
      token: decodeURIComponent(token),
      password,
    });
    await reset.body?.cancel();
    assert.equal(reset.status, 303);
    assert.equal(reset.headers.get("location"), "/reset-password?done=1");
    const login = await post("/login", { email: user.email, password });
    await login.body?.cancel();
    assert.equal(login.status, 303);
  } finally {
    await server?.stop();
    await sink.stop();
    await schema.drop();
  }
});
