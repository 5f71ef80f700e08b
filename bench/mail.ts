// E-mail delivery figures, with real app processes on the PostgreSQL server
// at BENCH_DATABASE_URL (default the local test server) and the test SMTP sink:
//   1. throughput to the sink with one and with two instances;
//   2. outbox depth and oldest-message age during a 60 s mail outage and after.
//
//   deno run -A bench/mail.ts [--count 1000] [--outage 60]
import { openTestSchema, startServer, testSchemaEnv } from "@/tests/_server.ts";
import type { ServerProcess, TestSchema } from "@/tests/_server.ts";
import { createTestUser } from "@/tests/_db.ts";
import { startSmtpSink } from "@/tests/_smtp.ts";
import { stopAll } from "@/tests/_daemon.ts";

const TOKEN = "bench-metrics-token-0123";

function arg(name: string, fallback: number): number {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}

function env(schema: TestSchema, smtpUrl: string): Record<string, string> {
  return {
    ...testSchemaEnv(schema),
    SMTP_URL: smtpUrl,
    MAIL_FROM: "Talkroom <no-reply@talkroom.example>",
    APP_ORIGIN: "https://talkroom.example",
    METRICS_TOKEN: TOKEN,
    TALKROOM_LOG: "off",
  };
}

/** Inserts `count` due password-reset e-mails to one user, in one statement. */
async function enqueue(schema: TestSchema, count: number): Promise<void> {
  const user = await createTestUser(schema.db);
  await schema.db.query(
    `INSERT INTO notifications (user_id, kind, facts, email_status)
     SELECT $1, 'password_reset',
            jsonb_build_object('link_path', '/reset-password?token=t' || i,
                               'expires_at', now()::text),
            'pending'
       FROM generate_series(1, $2) AS i`,
    [user.id, count],
  );
}

async function outboxGauges(
  server: ServerProcess,
): Promise<{ depth: number; oldest: number }> {
  const text = await (await fetch(`${server.origin}/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  })).text();
  const read = (name: string) =>
    Number(
      /^(\S+) (\S+)$/m.exec(
        text.split("\n").find((l) => l.startsWith(`${name} `)) ?? "",
      )?.[2],
    );
  return {
    depth: read("talkroom_outbox_depth"),
    oldest: read("talkroom_outbox_oldest_age_seconds"),
  };
}

async function throughput(instances: number, count: number): Promise<number> {
  const schema = await openTestSchema({
    url: Deno.env.get("BENCH_DATABASE_URL"),
    variable: "BENCH_DATABASE_URL",
    prefix: "bench_mail",
  });
  const sink = await startSmtpSink();
  const servers: ServerProcess[] = [];
  try {
    await enqueue(schema, count);
    for (let i = 0; i < instances; i++) {
      servers.push(await startServer(env(schema, sink.url)));
    }
    const received = await sink.waitFor(count, 600_000);
    const seconds = (received[count - 1].at - received[0].at) / 1000;
    return (count - 1) / seconds;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await sink.stop();
    await schema.drop();
  }
}

async function outage(seconds: number): Promise<void> {
  const schema = await openTestSchema({
    url: Deno.env.get("BENCH_DATABASE_URL"),
    variable: "BENCH_DATABASE_URL",
    prefix: "bench_mail",
  });
  const sink = await startSmtpSink();
  let server: ServerProcess | undefined;
  try {
    server = await startServer(env(schema, sink.url));
    await sink.stop();
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    console.log("t (s)\tmail server\tdepth\toldest age (s)");
    let up = false;
    while (true) {
      // Two new e-mails a second while the server is down, as a busy site would.
      if (!up) await enqueue(schema, 2);
      if (!up && elapsed() >= seconds) {
        await sink.start();
        up = true;
      }
      const g = await outboxGauges(server);
      if (Math.round(elapsed()) % 5 === 0) {
        console.log(
          `${elapsed().toFixed(0)}\t${up ? "up" : "down"}\t${g.depth}\t${
            g.oldest.toFixed(1)
          }`,
        );
      }
      if (up && g.depth === 0) break;
      if (elapsed() > seconds + 300) {
        throw new Error("The outbox did not drain");
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    console.log(
      `Drained ${
        (elapsed() - seconds).toFixed(0)
      } s after the server came back; ${sink.received.length} delivered`,
    );
  } finally {
    await server?.stop();
    await sink.stop().catch(() => {});
    await schema.drop();
  }
}

try {
  const count = arg("count", 1000);
  for (const instances of [1, 2]) {
    const rate = await throughput(instances, count);
    console.log(
      `${count} e-mails, ${instances} instance(s): ${
        rate.toFixed(0)
      } messages/s`,
    );
  }
  await outage(arg("outage", 60));
} finally {
  await stopAll();
}
