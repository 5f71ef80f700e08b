// What `deno task test` does before the tests (tests/_prepare.ts): its
// decisions from what it found, and a real throwaway cluster.
import assert from "node:assert/strict";
import postgres from "postgres";
import {
  databaseAnswers,
  planDatabase,
  planPackages,
  planSuite,
  SERIAL_TESTS,
  startThrowawayDatabase,
} from "@/tests/_prepare.ts";

Deno.test("nothing missing: the packages need no step", () => {
  assert.deepEqual(planPackages({ root: false, missing: [] }), {
    action: "ready",
  });
  assert.deepEqual(planPackages({ root: true, missing: [] }), {
    action: "ready",
  });
});

Deno.test("as root, missing packages are installed after one apt-get update", () => {
  assert.deepEqual(
    planPackages({ root: true, missing: ["chromium", "postgresql"] }),
    {
      action: "install",
      commands: [
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "chromium", "postgresql"],
      ],
    },
  );
});

Deno.test("not root, it stops and names the exact install command", () => {
  const plan = planPackages({ root: false, missing: ["coturn", "nginx"] });
  assert.equal(plan.action, "stop");
  assert.match(
    (plan as { message: string }).message,
    /missing: coturn, nginx\..*\n {2}apt-get update && apt-get install -y coturn nginx$/s,
  );
});

Deno.test("a server that answers is used; otherwise a throwaway cluster", () => {
  const url = "postgres://postgres@127.0.0.1:5432/test";
  assert.deepEqual(planDatabase(url, true), { action: "use", url });
  assert.deepEqual(planDatabase(url, false), { action: "start-cluster" });
});

Deno.test("a throwaway cluster answers on a free port with a test database, and is gone once destroyed", async () => {
  const { url, cluster } = await startThrowawayDatabase();
  let destroyed = false;
  try {
    assert.match(url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/test$/);
    assert.notEqual(new URL(url).port, "5432");
    const sql = postgres(url, { max: 1 });
    try {
      const [row] = await sql`SELECT current_database() AS name`;
      assert.equal(row.name, "test");
    } finally {
      await sql.end();
    }
    await cluster.destroy();
    destroyed = true;
    assert.equal(await databaseAnswers(url), false);
  } finally {
    if (!destroyed) await cluster.destroy();
  }
});

Deno.test("the whole suite runs the call files last; the engine scope leaves out the browser files", () => {
  const browser = [
    "tests/a_browser_test.ts",
    ...SERIAL_TESTS.filter((f) => f.endsWith("_browser_test.ts")),
  ];
  assert.deepEqual(planSuite("all", browser), {
    ignore: SERIAL_TESTS,
    serial: SERIAL_TESTS,
  });
  const engine = planSuite("engine", browser);
  assert.ok(engine.ignore.includes("tests/a_browser_test.ts"));
  assert.ok(engine.ignore.includes("tests/ops_test.ts"));
  assert.equal(
    new Set(engine.ignore).size,
    engine.ignore.length,
    "each file once",
  );
  // The serial files that are not browser tests still run.
  assert.deepEqual(
    engine.serial,
    ["tests/ops_test.ts"].filter((f) => SERIAL_TESTS.includes(f)),
  );
  assert.ok(!engine.serial.includes("tests/call_browser_test.ts"));
});
