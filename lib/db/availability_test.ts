import assert from "node:assert/strict";
import {
  Availability,
  DatabaseUnavailableError,
  isConnectionError,
  withDeadline,
} from "@/lib/db/availability.ts";
import { openDatabase } from "@/lib/db/connection.ts";
import { realPostgresUrl } from "@/tests/_db.ts";

const never = () => new Promise<never>(() => {});
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("isConnectionError() knows a lost server from an error in the SQL", () => {
  for (
    const err of [
      Object.assign(new Error("x"), { code: "CONNECT_TIMEOUT" }),
      Object.assign(new Error("x"), { code: "CONNECTION_CLOSED" }),
      Object.assign(new Error("x"), { code: "08006" }),
      Object.assign(new Error("x"), { code: "57P01" }),
      new Deno.errors.ConnectionRefused("refused"),
    ]
  ) {
    assert.equal(isConnectionError(err), true, String(err));
  }
  for (
    const err of [
      Object.assign(new Error("x"), { code: "23505" }),
      Object.assign(new Error("x"), { code: "42P01" }),
      new Error("plain"),
      null,
    ]
  ) {
    assert.equal(isConnectionError(err), false, String(err));
  }
});

Deno.test("withDeadline() rejects with DatabaseUnavailableError when the promise takes too long", async () => {
  assert.equal(await withDeadline(Promise.resolve(1), 50), 1);
  await assert.rejects(withDeadline(never(), 20), DatabaseUnavailableError);
});

Deno.test("Availability: a missed deadline marks the database down, later queries fail at once, a probe brings it back", async () => {
  let answers = false;
  const availability = new Availability({
    deadlineMs: 30,
    probeIntervalMs: 10,
    ping: () => answers ? Promise.resolve() : never(),
  });
  try {
    assert.equal(await availability.run(() => Promise.resolve("ok")), "ok");
    await assert.rejects(availability.run(never), DatabaseUnavailableError);
    assert.equal(availability.up, false);
    let called = false;
    await assert.rejects(
      availability.run(() => {
        called = true;
        return Promise.resolve();
      }),
      DatabaseUnavailableError,
    );
    assert.equal(called, false, "no query is sent while down");
    answers = true;
    const started = Date.now();
    while (!availability.up && Date.now() - started < 2_000) await wait(5);
    assert.equal(availability.up, true);
    assert.equal(await availability.run(() => Promise.resolve(2)), 2);
  } finally {
    availability.close();
  }
});

Deno.test("Availability.transaction(): a start that never comes is a 503; long work inside is not cut off", async () => {
  const availability = new Availability({
    deadlineMs: 30,
    probeIntervalMs: 10_000,
    ping: () => Promise.resolve(),
  });
  try {
    // The work takes three deadlines; only BEGIN and COMMIT are timed.
    const done = await availability.transaction((work) =>
      work(async () => {
        await wait(90);
        return "migrated";
      })
    );
    assert.equal(done, "migrated");
    assert.equal(availability.up, true);
    await assert.rejects(
      availability.transaction(() => never()),
      DatabaseUnavailableError,
    );
    assert.equal(availability.up, false);
  } finally {
    availability.close();
  }
});

Deno.test("Availability: SQL errors pass through and do not mark the database down", async () => {
  const availability = new Availability({
    deadlineMs: 1_000,
    ping: () => Promise.resolve(),
  });
  try {
    const unique = Object.assign(new Error("duplicate"), { code: "23505" });
    await assert.rejects(
      availability.run(() => Promise.reject(unique)),
      unique,
    );
    const timeout = Object.assign(new Error("canceled"), { code: "57014" });
    await assert.rejects(
      availability.run(() => Promise.reject(timeout)),
      DatabaseUnavailableError,
    );
    assert.equal(availability.up, true);
    const lost = Object.assign(new Error("gone"), {
      code: "CONNECTION_CLOSED",
    });
    await assert.rejects(
      availability.run(() => Promise.reject(lost)),
      DatabaseUnavailableError,
    );
    assert.equal(availability.up, false);
  } finally {
    availability.close();
  }
});

Deno.test("PostgreSQL: a statement over the statement timeout is a 503 and the database stays up", async () => {
  const db = await openDatabase({
    url: realPostgresUrl(),
    statementTimeoutMs: 100,
    poolSize: 1,
  });
  try {
    await assert.rejects(
      db.query("SELECT pg_sleep(2)"),
      (err) =>
        err instanceof DatabaseUnavailableError && err.status === 503 &&
        err.message ===
          "The database took too long to answer; try again in a moment",
    );
    assert.deepEqual(await db.query("SELECT 1 AS one"), [{ one: 1 }]);
  } finally {
    await db.close();
  }
});

Deno.test("PostgreSQL: a server that does not answer is a 503 after the deadline, and at once while it stays down", async () => {
  // A listener that accepts connections and never says a word.
  const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of silent) held.push(conn);
  })().catch(() => {});
  const db = await openDatabase({
    url: `postgres://postgres@127.0.0.1:${silent.addr.port}/test`,
    queryDeadlineMs: 300,
    connectTimeoutSeconds: 1,
  });
  try {
    const started = performance.now();
    await assert.rejects(db.query("SELECT 1"), DatabaseUnavailableError);
    const first = performance.now() - started;
    assert.ok(first >= 250 && first < 2_000, `first after ${first} ms`);
    const again = performance.now();
    await assert.rejects(db.query("SELECT 1"), DatabaseUnavailableError);
    assert.ok(performance.now() - again < 50, "refused at once while down");
  } finally {
    silent.close();
    for (const conn of held) conn.close();
    await accepting;
    await db.close();
  }
});
