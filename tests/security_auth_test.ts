// Sign-in and registration under attack, in-process through the real app:
// parallel guessing, lockout as a weapon, Unicode spellings, open redirects
// after sign-in, planted cookies behind a TLS proxy, mass registration and
// weak credentials. Client addresses come from X-Forwarded-For (one trusted hop).
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestUser, randomEmail, TEST_PASSWORD } from "@/tests/_db.ts";
import { HASH_CONCURRENCY, hashStats } from "@/lib/auth/hash_pool.ts";

const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";

/** A JSON POST from a client address. */
function postJson(
  app: TestApp,
  path: string,
  body: unknown,
  address: string,
): Promise<Response> {
  return app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify(body),
  });
}

/** The statuses of responses, their bodies discarded. */
async function statuses(responses: Promise<Response>[]): Promise<number[]> {
  return await Promise.all(responses.map(async (pending) => {
    const res = await pending;
    await res.body?.cancel();
    return res.status;
  }));
}

const count = (list: number[], status: number) =>
  list.filter((s) => s === status).length;

Deno.test({
  name: `security: sign-in and registration under attack (${ENGINE})`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await createTestApp({ TRUST_PROXY_HOPS: "1" });
    const login = (email: string, password: string, address: string) =>
      postJson(app, "/api/auth/login", { email, password }, address);
    const failFiveTimes = async (email: string, address: string) => {
      const results = await statuses(
        Array.from(
          { length: 5 },
          (_, i) => login(email, `wrong-${i}`, address),
        ),
      );
      assert.deepEqual(results, [401, 401, 401, 401, 401]);
    };
    try {
      await t.step(
        "50 parallel wrong passwords from one address: at most 5 are checked, and the right one after them is refused",
        async () => {
          const user = await createTestUser(app.db);
          const before = hashStats().computed;
          const results = await statuses(
            Array.from(
              { length: 50 },
              (_, i) => login(user.email, `guess-${i}`, "203.0.113.1"),
            ),
          );
          assert.ok(hashStats().computed - before <= 5);
          assert.equal(count(results, 401), 5, results.join(","));
          assert.equal(count(results, 429), 45, results.join(","));
          const right = await statuses([
            login(user.email, TEST_PASSWORD, "203.0.113.1"),
          ]);
          assert.deepEqual(right, [429]);
        },
      );

      await t.step(
        "an attacker elsewhere does not lock the owner out on their usual address",
        async () => {
          const owner = await createTestUser(app.db);
          assert.deepEqual(
            await statuses([login(owner.email, TEST_PASSWORD, "192.0.2.1")]),
            [200],
          );
          await failFiveTimes(owner.email, "198.51.100.66");
          assert.deepEqual(
            await statuses([
              login(owner.email, TEST_PASSWORD, "198.51.100.66"),
              login(owner.email, TEST_PASSWORD, "192.0.2.1"),
            ]),
            [429, 200],
          );
        },
      );

      await t.step(
        "50 wrong passwords at a school's shared address refuse no student's right password",
        async () => {
          const school = "203.0.113.50";
          const students = await Promise.all(
            Array.from({ length: 13 }, () => createTestUser(app.db)),
          );
          for (const student of students.slice(0, 10)) {
            await failFiveTimes(student.email, school);
          }
          const results = await statuses(
            students.slice(10).map((s) =>
              login(s.email, TEST_PASSWORD, school)
            ),
          );
          assert.deepEqual(results, [200, 200, 200]);
        },
      );

      await t.step(
        "an address spelled with İ is another account, not a way around the lock",
        async () => {
          const email = randomEmail("victim");
          await createTestUser(app.db, { email });
          await failFiveTimes(email, "198.51.100.7");
          // PostgreSQL's lower() turns İ into i; the app's folding does not.
          const spoofed = email.replace("i", "\u0130");
          const results = await statuses([
            login(spoofed, TEST_PASSWORD, "198.51.100.7"),
            login(email, TEST_PASSWORD, "198.51.100.7"),
          ]);
          assert.deepEqual(results, [401, 429]);
        },
      );

      await t.step(
        "registration: 30 accounts an hour per address, hashed at most HASH_CONCURRENCY at a time",
        async () => {
          const register = (address: string) =>
            postJson(app, "/api/auth/register", {
              email: randomEmail("mass"),
              password: "violet kettle 1843",
              username: "Mass Account",
              role: "student",
            }, address);
          const first = await statuses(
            Array.from({ length: 30 }, () => register("2001:db8:7:7::1")),
          );
          assert.equal(count(first, 201), 30, first.join(","));
          assert.ok(hashStats().peakInFlight <= HASH_CONCURRENCY);
          // Another host of the same /64 is the same network.
          const refused = await register("2001:db8:7:7::2");
          assert.equal(refused.status, 429);
          assert.ok(Number(refused.headers.get("retry-after")) > 3000);
          assert.equal((await refused.json()).error.code, "too_many_requests");
          assert.deepEqual(await statuses([register("198.51.100.8")]), [201]);
        },
      );

      await t.step(
        "registration refuses common passwords, ones holding the email or name, invisible names and the admin role",
        async () => {
          const base = {
            email: "grace.hopper@example.test",
            password: "violet kettle 1843",
            username: "Grace Hopper",
            role: "teacher",
          };
          const cases: [Record<string, string>, string][] = [
            [{ password: "password123" }, "password"],
            [{ password: "Grace.Hopper!2024" }, "password"],
            [{ password: "ilove-gracehopper" }, "password"],
            [{ username: "\u200b\u200b\u200b" }, "username"],
            [{ username: "\u3164\u3164" }, "username"],
            [{ username: "Grace\u202eHopper" }, "username"],
            [{ username: "Grace\u0007" }, "username"],
            [{ role: "admin" }, "role"],
          ];
          for (const [change, field] of cases) {
            const res = await postJson(
              app,
              "/api/auth/register",
              { ...base, ...change },
              "192.0.2.200",
            );
            const body = await res.json();
            assert.equal(res.status, 400, JSON.stringify(change));
            assert.ok(body.error.fields[field], JSON.stringify(body));
          }
          const [row] = await app.db.query<{ n: number }>(
            "SELECT count(*)::integer AS n FROM users WHERE email = $1",
            [base.email],
          );
          assert.equal(row.n, 0);
        },
      );

      await t.step(
        "after sign-in, next with a tab, a backslash or a line break leads home, never off-site",
        async () => {
          const user = await createTestUser(app.db);
          const token = await app.tokenFor(user);
          for (
            const next of [
              "/\t/evil.example",
              "/\\evil.example",
              "/\\\\evil.example",
              "//evil.example",
              "/\r\nSet-Cookie: planted=1",
              "/\n/evil.example",
            ]
          ) {
            const shown = await app.request(
              `/login?next=${encodeURIComponent(next)}`,
              { token },
            );
            await shown.body?.cancel();
            assert.equal(shown.status, 303, JSON.stringify(next));
            assert.equal(shown.headers.get("location"), "/bookings");
            const posted = await app.request("/login", {
              method: "POST",
              headers: {
                "content-type": "application/x-www-form-urlencoded",
                "x-forwarded-for": "192.0.2.201",
              },
              body: new URLSearchParams({
                email: user.email,
                password: TEST_PASSWORD,
                next,
              }).toString(),
            });
            await posted.body?.cancel();
            assert.equal(posted.status, 303, JSON.stringify(next));
            assert.equal(posted.headers.get("location"), "/bookings");
            assert.equal(posted.headers.get("planted"), null);
          }
          const kept = await app.request(
            `/login?next=${encodeURIComponent("/account?tab=1")}`,
            { token },
          );
          await kept.body?.cancel();
          assert.equal(kept.headers.get("location"), "/account?tab=1");
        },
      );
    } finally {
      await app.close();
    }
  },
});

Deno.test({
  name:
    `security: behind a TLS proxy only the __Host- cookie counts (${ENGINE})`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // The proxy talks plain HTTP to the app; the browser talks HTTPS to it.
    const app = await createTestApp({ APP_ORIGIN: "https://talkroom.example" });
    try {
      const victim = await createTestUser(app.db);
      const attacker = await createTestUser(app.db);
      const me = async (cookie: string) => {
        const res = await app.request("/api/me", { cookie });
        const body = await res.json();
        return res.status === 200 ? body.user.id : res.status;
      };
      const planted = `talkroom_session=${await app.tokenFor(attacker)}`;
      const real = `__Host-talkroom_session=${await app.tokenFor(victim)}`;
      assert.equal(await me(`${planted}; ${real}`), victim.id);
      assert.equal(await me(`${real}; ${planted}`), victim.id);
      assert.equal(await me(planted), 401);
    } finally {
      await app.close();
    }
  },
});
