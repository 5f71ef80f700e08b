import assert from "node:assert/strict";
import {
  Availability,
  DatabaseUnavailableError,
  isConnectionError,
  withDeadline,
} from "@/lib/db/availability.ts";

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
