// The edge of the app, in-process: thrown errors become the right answer
// (JSON on the API, their own page on pages) and the request metrics carry
// the status actually sent; bodies are refused while they are read; every
// page has a Content-Security-Policy and signed-in pages are not cacheable.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import { registry } from "@/lib/metrics.ts";
import { chunkedBody } from "@/tests/_http.ts";

const HTML = "text/html; charset=utf-8";

/** The request-duration count of one route, method and status class. */
async function requestCount(
  route: string,
  method: string,
  status: string,
): Promise<number> {
  const text = await registry.metrics();
  const line = text.split("\n").find((l) =>
    l.startsWith("talkroom_http_request_duration_seconds_count{") &&
    l.includes(`route="${route}"`) && l.includes(`method="${method}"`) &&
    l.includes(`status="${status}"`)
  );
  return line ? Number(line.split(" ").at(-1)) : 0;
}

Deno.test("the edge: error answers, statuses in metrics, body limits, page headers", async (t) => {
  const app: TestApp = await createTestApp();
  try {
    const student = await createTestUser(app.db);
    const other = await createTestUser(app.db);
    const teacher = await createTestUser(app.db, { role: "teacher" });
    const booking = await createTestBooking(app.db, {
      student,
      teacher,
      startInMinutes: 60 * 24,
    });
    const token = await app.tokenFor(student);

    await t.step(
      "the metrics record a page's 404, 403 and login redirect with their real status",
      async () => {
        const route = "/bookings/:id";
        const before = {
          ok4: await requestCount(route, "GET", "4xx"),
          ok3: await requestCount(route, "GET", "3xx"),
          bad: await requestCount(route, "GET", "5xx"),
        };
        const missing = await app.request(`/bookings/${crypto.randomUUID()}`, {
          token,
        });
        assert.equal(missing.status, 404);
        assert.equal(missing.headers.get("content-type"), HTML);
        assert.match(await missing.text(), /not found/i);
        const foreign = await app.request(`/bookings/${booking.id}`, {
          token: await app.tokenFor(other),
        });
        assert.equal(foreign.status, 403);
        assert.equal(foreign.headers.get("content-type"), HTML);
        assert.match(await foreign.text(), /You do not have access/);
        const anonymous = await app.request(`/bookings/${booking.id}`);
        assert.equal(anonymous.status, 303);
        assert.equal(
          anonymous.headers.get("location"),
          `/login?next=${encodeURIComponent(`/bookings/${booking.id}`)}`,
        );
        assert.equal(await requestCount(route, "GET", "4xx"), before.ok4 + 2);
        assert.equal(await requestCount(route, "GET", "3xx"), before.ok3 + 1);
        assert.equal(await requestCount(route, "GET", "5xx"), before.bad);
      },
    );

    await t.step(
      "the metrics record an API refusal with its status, not 500",
      async () => {
        const route = "/api/bookings/:id";
        const before4 = await requestCount(route, "GET", "4xx");
        const before5 = await requestCount(route, "GET", "5xx");
        const res = await app.request(`/api/bookings/${booking.id}`);
        assert.equal(res.status, 401);
        assert.equal(res.headers.get("content-type"), "application/json");
        assert.equal((await res.json()).error.code, "unauthorized");
        assert.equal(await requestCount(route, "GET", "4xx"), before4 + 1);
        assert.equal(await requestCount(route, "GET", "5xx"), before5);
      },
    );

    await t.step(
      "an unknown API path answers 404 in the API's JSON shape, never cached",
      async () => {
        const res = await app.request("/api/nothing/here");
        assert.equal(res.status, 404);
        assert.equal(res.headers.get("content-type"), "application/json");
        assert.equal(res.headers.get("cache-control"), "no-store");
        const body = await res.json();
        assert.equal(body.error.code, "not_found");
        assert.equal(
          body.error.message,
          "No API route for GET /api/nothing/here",
        );
      },
    );

    await t.step(
      "a chunked JSON body over 64 KiB is refused with 413 while it is read",
      async () => {
        const res = await app.request("/api/auth/login", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: chunkedBody(1024 * 1024),
        });
        assert.equal(res.status, 413);
        assert.equal(res.headers.get("content-type"), "application/json");
        const body = await res.json();
        assert.equal(body.error.code, "payload_too_large");
        assert.equal(body.error.message, "The body is larger than 64 KiB");
      },
    );

    await t.step(
      "a chunked form post over 64 KiB is refused with a plain 413",
      async () => {
        const res = await app.request("/login", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: chunkedBody(1024 * 1024),
        });
        assert.equal(res.status, 413);
        assert.equal(
          res.headers.get("content-type"),
          "text/plain; charset=utf-8",
        );
        assert.equal(await res.text(), "The body is larger than 64 KiB");
      },
    );

    await t.step(
      "a form post's refusal re-renders the form with its message and status",
      async () => {
        const res = await app.request("/login", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            email: student.email,
            password: "not the password",
          }).toString(),
        });
        assert.equal(res.status, 401);
        assert.equal(res.headers.get("content-type"), HTML);
        const html = await res.text();
        assert.match(html, /name="email"/);
        assert.ok(html.includes(student.email), "the typed email stays");
      },
    );

    await t.step(
      "every page has a Content-Security-Policy (refusal pages too) whose nonce its scripts carry",
      async () => {
        for (
          const [path, init] of [
            ["/", {}],
            ["/login", {}],
            ["/register", {}],
            ["/nowhere", {}],
            ["/bookings", { token }],
            ["/account", { token }],
            [`/bookings/${booking.id}`, { token }],
            [`/bookings/${booking.id}`, { token: await app.tokenFor(other) }],
          ] as const
        ) {
          const res = await app.request(path, init);
          assert.equal(res.headers.get("content-type"), HTML, path);
          const policy = res.headers.get("content-security-policy") ?? "";
          const html = await res.text();
          assert.match(policy, /(^|; )default-src 'self'(;|$)/, path);
          assert.match(policy, /(^|; )object-src 'none'(;|$)/, path);
          assert.match(policy, /(^|; )frame-ancestors 'none'(;|$)/, path);
          const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) =>
            m[0]
          );
          const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
          assert.ok(nonce, `${path}: ${policy}`);
          for (const tag of scripts) {
            assert.ok(tag.includes(`nonce="${nonce}"`), `${path}: ${tag}`);
          }
        }
      },
    );

    await t.step(
      "every signed-in page sends Cache-Control: private, no-store",
      async () => {
        for (
          const path of [
            "/",
            "/account",
            "/bookings",
            "/teachers",
            `/bookings/${booking.id}`,
            `/bookings/${crypto.randomUUID()}`,
          ]
        ) {
          const res = await app.request(path, { token });
          await res.body?.cancel();
          assert.equal(
            res.headers.get("cache-control"),
            "private, no-store",
            path,
          );
        }
      },
    );
  } finally {
    await app.close();
  }
});
