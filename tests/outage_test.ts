// A database outage through a real server: a pausable TCP proxy between the
// app and the real PostgreSQL stops answering, as a dead network would. The
// API must answer 503 JSON with Retry-After and pages a friendly 503 page
// within the query deadline (not hang), the health endpoints must say so,
// and everything must recover by itself once the database answers again.
import assert from "node:assert/strict";
import { createSession } from "@/lib/auth/session.ts";
import { createTestUser } from "@/tests/_db.ts";
import { pausableProxy, proxiedUrl } from "@/tests/_pausable_proxy.ts";
import {
  openTestSchema,
  type ServerProcess,
  sessionCookie,
  startServer,
  testSchemaEnv,
} from "@/tests/_server.ts";

/** Statement timeout (10 s) plus the 2 s grace, plus slack for a busy machine. */
const FIRST_503_MS = 16_000;

Deno.test("a database outage is answered with 503 at once, and the app recovers by itself", async () => {
  const schema = await openTestSchema({ prefix: "outage" });
  const target = new URL(schema.url);
  const proxy = pausableProxy({
    hostname: target.hostname,
    port: Number(target.port || 5432),
  });
  let app: ServerProcess | null = null;
  try {
    const env = testSchemaEnv(schema, { url: proxiedUrl(schema.url, proxy) });
    app = await startServer({ ...env, SIGNALING_BUS: "memory" });
    const user = await createTestUser(schema.db);
    const { token } = await createSession(
      schema.db,
      new TextEncoder().encode(env.JWT_SECRET),
      user.id,
    );
    const timed = async (path: string, init: RequestInit = {}) => {
      const started = performance.now();
      const res = await fetch(`${app!.origin}${path}`, {
        ...init,
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      return { res, body, ms: Math.round(performance.now() - started) };
    };
    const api = () =>
      timed("/api/bookings", { headers: { authorization: `Bearer ${token}` } });
    const page = () =>
      timed("/bookings", { headers: { cookie: sessionCookie(token) } });

    assert.equal((await api()).res.status, 200);
    assert.equal((await page()).res.status, 200);

    proxy.pause();
    const first = await api();
    assert.equal(first.res.status, 503, first.body);
    assert.equal(first.res.headers.get("content-type"), "application/json");
    assert.equal(first.res.headers.get("retry-after"), "5");
    assert.equal(JSON.parse(first.body).error.code, "unavailable");
    assert.ok(first.ms < FIRST_503_MS, `first 503 after ${first.ms} ms`);

    const next = await api();
    assert.equal(next.res.status, 503, next.body);
    assert.ok(next.ms < 1_000, `second 503 after ${next.ms} ms`);

    const html = await page();
    assert.equal(html.res.status, 503);
    assert.equal(
      html.res.headers.get("content-type"),
      "text/html; charset=utf-8",
    );
    assert.match(html.body, /Talkroom is briefly unavailable/);
    assert.ok(html.ms < 1_000, `page 503 after ${html.ms} ms`);

    const health = await timed("/healthz");
    assert.equal(health.res.status, 200);
    assert.deepEqual(JSON.parse(health.body), {
      status: "ok",
      database: "unavailable",
    });
    const ready = await timed("/readyz");
    assert.equal(ready.res.status, 503);
    assert.equal(JSON.parse(ready.body).status, "database unavailable");
    assert.ok(ready.ms < 3_000, `/readyz took ${ready.ms} ms`);

    proxy.resume();
    const resumed = performance.now();
    let again = await api();
    while (again.res.status !== 200 && performance.now() - resumed < 15_000) {
      await new Promise((r) => setTimeout(r, 100));
      again = await api();
    }
    const recoveryMs = Math.round(performance.now() - resumed);
    assert.equal(again.res.status, 200, again.body);
    assert.equal((await page()).res.status, 200);
    const healthy = await timed("/healthz");
    assert.equal(JSON.parse(healthy.body).database, "up");
    assert.equal((await timed("/readyz")).res.status, 200);
    console.log(
      `outage: first 503 after ${first.ms} ms, then ${next.ms} ms (API) and ${html.ms} ms (page); recovered ${recoveryMs} ms after the database answered again`,
    );
  } finally {
    proxy.resume();
    await app?.stop();
    await proxy.close();
    await schema.drop();
  }
});
