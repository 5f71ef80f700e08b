// The account pages in-process: sign in, register, sign out and settings,
// driven with real Requests as a browser posting forms would send them.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestUser, randomEmail, TEST_PASSWORD } from "@/tests/_db.ts";
import { getUserByEmail, getUserById } from "@/lib/auth/users.ts";
import {
  claimRegistration,
  PAIR_FAILURE_LIMIT,
  REGISTRATION_LIMIT,
} from "@/lib/auth/throttle.ts";

const HTML = "text/html; charset=utf-8";

/** Posts an urlencoded form, as a browser submitting it would. */
function postForm(
  app: TestApp,
  path: string,
  fields: Record<string, string>,
  init: { token?: string; headers?: HeadersInit } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/x-www-form-urlencoded");
  return app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers,
    token: init.token,
  });
}

/** The session token of a `Set-Cookie` header, or null. */
function sessionToken(res: Response): string | null {
  const match = /(?:^|,\s*)talkroom_session=([^;]*)/.exec(
    res.headers.get("set-cookie") ?? "",
  );
  return match && match[1] !== "" ? match[1] : null;
}

async function html(res: Response): Promise<string> {
  assert.equal(res.headers.get("content-type"), HTML);
  return await res.text();
}

/** The `<input>` tag with this name attribute, or null. */
function inputTag(page: string, name: string): string | null {
  return new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(page)?.[0] ?? null;
}

/** The text of the field error under a field, entities decoded. */
function fieldError(page: string, name: string): string | null {
  const text = new RegExp(`<p id="field-${name}-error"[^>]*>([^<]*)</p>`)
    .exec(page)?.[1];
  return text === undefined ? null : text
    .replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/** Whether the zone is the selected option of the time zone select. */
function selectedZone(page: string): string | null {
  return /<option\s+value="([^"]*)"\s+selected/.exec(page)?.[1] ?? null;
}

Deno.test("account pages", async (t) => {
  const app = await createTestApp();
  try {
    await t.step(
      "GET /login shows the form with email, password and a submit button and no script",
      async () => {
        const res = await app.request("/login");
        assert.equal(res.status, 200);
        const page = await html(res);
        assert.match(page, /<form[^>]*method="post"[^>]*action="\/login"/);
        assert.match(page, /<input[^>]*name="email"[^>]*type="email"/);
        assert.match(page, /<input[^>]*name="password"[^>]*type="password"/);
        assert.match(page, /<button[^>]*type="submit"[^>]*>Sign in<\/button>/);
        assert.match(page, /<title>Sign in · Talkroom<\/title>/);
        assert.match(page, /<label for="field-email"/);
        assert.match(page, /<label for="field-password"/);
        assert.doesNotMatch(page, /<script/);
        // Without DATABASE_URL the demo accounts exist, so the page says so.
        assert.ok(
          page.includes(
            "Demo: teacher@demo.test / student@demo.test, password demo-password",
          ),
        );
        assert.match(
          inputTag(page, "next") ?? "",
          /value="\/bookings"/,
        );
      },
    );

    await t.step(
      "GET /login keeps a same-site next and drops others",
      async () => {
        let page = await html(await app.request("/login?next=%2Faccount"));
        assert.match(inputTag(page, "next") ?? "", /value="\/account"/);
        for (
          const evil of [
            "//evil.example",
            "https://evil.example/x",
            "/\\evil.example",
          ]
        ) {
          page = await html(
            await app.request(`/login?next=${encodeURIComponent(evil)}`),
          );
          assert.match(inputTag(page, "next") ?? "", /value="\/bookings"/);
          assert.ok(!page.includes("evil.example"));
        }
      },
    );

    await t.step(
      "the demo hint is hidden when DATABASE_URL is set",
      async () => {
        const { appContext, setAppContext } = await import(
          "@/lib/context.ts"
        );
        const context = appContext();
        setAppContext({
          ...context,
          config: { ...context.config, databaseUrl: "postgres://db/x" },
        });
        try {
          const res = await app.request("/login");
          assert.equal(res.status, 200);
          assert.ok(!(await html(res)).includes("demo-password"));
        } finally {
          setAppContext(context);
        }
      },
    );

    await t.step(
      "POST /login with the right password redirects to /bookings with an HttpOnly, SameSite=Lax session cookie that works",
      async () => {
        const user = await createTestUser(app.db);
        const res = await postForm(app, "/login", {
          email: user.email.toUpperCase(),
          password: TEST_PASSWORD,
          next: "/bookings",
        });
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/bookings");
        const cookie = res.headers.get("set-cookie") ?? "";
        assert.match(cookie, /talkroom_session=/);
        assert.match(cookie, /HttpOnly/);
        assert.match(cookie, /SameSite=Lax/);
        const token = sessionToken(res);
        assert.ok(token);

        const me = await app.request("/api/me", { token });
        assert.equal(me.status, 200);
        assert.match(me.headers.get("content-type") ?? "", /application\/json/);
        const body = await me.json();
        assert.equal(body.user.id, user.id);
        assert.equal(body.user.email, user.email);
      },
    );

    await t.step("POST /login follows a same-site next", async () => {
      const user = await createTestUser(app.db);
      const res = await postForm(app, "/login", {
        email: user.email,
        password: TEST_PASSWORD,
        next: "/account?tab=1",
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/account?tab=1");
    });

    await t.step(
      "POST /login does not follow next=//evil.example",
      async () => {
        const user = await createTestUser(app.db);
        for (
          const next of [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
          ]
        ) {
          const res = await postForm(app, "/login", {
            email: user.email,
            password: TEST_PASSWORD,
            next,
          });
          assert.equal(res.status, 303);
          assert.equal(res.headers.get("location"), "/bookings");
        }
      },
    );

    await t.step(
      "POST /login with a wrong password shows 401 with the message, keeps the email, never the password",
      async () => {
        const user = await createTestUser(app.db);
        const wrong = "not-the-password-xyzzy";
        const res = await postForm(app, "/login", {
          email: user.email,
          password: wrong,
          next: "/account",
        });
        assert.equal(res.status, 401);
        assert.equal(res.headers.get("set-cookie"), null);
        const page = await html(res);
        assert.ok(page.includes("Email or password is incorrect"));
        assert.match(
          inputTag(page, "email") ?? "",
          new RegExp(`value="${user.email}"`),
        );
        assert.match(inputTag(page, "password") ?? "", /value=""/);
        assert.ok(!page.includes(wrong));
        assert.match(inputTag(page, "next") ?? "", /value="\/account"/);
      },
    );

    await t.step(
      "POST /login with empty fields shows 400 with field messages",
      async () => {
        const res = await postForm(app, "/login", { email: "", password: "" });
        assert.equal(res.status, 400);
        const page = await html(res);
        assert.equal(fieldError(page, "email"), "Enter your email");
        assert.equal(fieldError(page, "password"), "Enter your password");
      },
    );

    await t.step(
      "POST /login after too many failures answers 429 with the throttle message, even with the right password",
      async () => {
        const user = await createTestUser(app.db);
        for (let i = 0; i < PAIR_FAILURE_LIMIT; i++) {
          const res = await postForm(app, "/login", {
            email: user.email,
            password: `wrong-${i}`,
          });
          assert.equal(res.status, 401);
          await res.body?.cancel();
        }
        const res = await postForm(app, "/login", {
          email: user.email,
          password: TEST_PASSWORD,
        });
        assert.equal(res.status, 429);
        assert.ok(Number(res.headers.get("retry-after")) > 0);
        const page = await html(res);
        assert.match(page, /Too many failed sign-in attempts: try again in/);
        assert.match(
          inputTag(page, "email") ?? "",
          new RegExp(`value="${user.email}"`),
        );
      },
    );

    await t.step("cross-origin POST /login is refused with 403", async () => {
      const user = await createTestUser(app.db);
      const res = await postForm(app, "/login", {
        email: user.email,
        password: TEST_PASSWORD,
      }, { headers: { origin: "https://evil.example" } });
      assert.equal(res.status, 403);
      assert.equal(res.headers.get("set-cookie"), null);
      await res.body?.cancel();
    });

    await t.step(
      "a signed-in visitor of /login is sent to /bookings",
      async () => {
        const user = await createTestUser(app.db);
        const res = await app.request("/login", {
          token: await app.tokenFor(user),
        });
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/bookings");
      },
    );

    await t.step(
      "GET /register shows the form with role radios and the time zone select",
      async () => {
        const res = await app.request("/register");
        assert.equal(res.status, 200);
        const page = await html(res);
        assert.match(page, /<title>Create an account · Talkroom<\/title>/);
        for (const name of ["email", "password", "username"]) {
          assert.ok(inputTag(page, name), `no input ${name}`);
          assert.match(page, new RegExp(`<label for="field-${name}"`));
        }
        assert.match(
          page,
          /<input[^>]*type="radio"[^>]*name="role"[^>]*value="student"/,
        );
        assert.match(
          page,
          /<input[^>]*type="radio"[^>]*name="role"[^>]*value="teacher"/,
        );
        assert.match(page, /<select[^>]*name="time_zone"/);
        assert.match(page, /<label for="field-time_zone"/);
        assert.equal(selectedZone(page), "UTC");
        assert.match(page, /<option\s+value="Europe\/Paris"/);
      },
    );

    await t.step(
      "POST /register creates the account, signs in and redirects to /bookings",
      async () => {
        const email = randomEmail("new");
        const res = await postForm(app, "/register", {
          email,
          password: "a long enough password",
          username: "Ada Lovelace",
          role: "teacher",
          time_zone: "Europe/Paris",
        });
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/bookings");
        const user = await getUserByEmail(app.db, email);
        assert.ok(user);
        assert.equal(user.username, "Ada Lovelace");
        assert.equal(user.role, "teacher");
        assert.equal(user.time_zone, "Europe/Paris");
        const token = sessionToken(res);
        assert.ok(token);
        const me = await app.request("/api/me", { token });
        assert.equal(me.status, 200);
        assert.equal((await me.json()).user.id, user.id);
      },
    );

    await t.step(
      "POST /register with a taken email (other case) shows the message next to the email field",
      async () => {
        const existing = await createTestUser(app.db);
        const res = await postForm(app, "/register", {
          email: existing.email.toUpperCase(),
          password: "a long enough password",
          username: "Someone Else",
          role: "student",
          time_zone: "UTC",
        });
        assert.equal(res.status, 409);
        assert.equal(res.headers.get("set-cookie"), null);
        const page = await html(res);
        assert.equal(
          fieldError(page, "email"),
          "Cannot register: this email is already registered",
        );
        assert.match(
          inputTag(page, "email") ?? "",
          new RegExp(`value="${existing.email.toUpperCase()}"`),
        );
        assert.match(
          inputTag(page, "username") ?? "",
          /value="Someone Else"/,
        );
      },
    );

    await t.step(
      "POST /register with bad fields shows 400 with field messages and keeps what was typed, not the password",
      async () => {
        const password = "short";
        const res = await postForm(app, "/register", {
          email: "not-an-email",
          password,
          username: "Q",
          role: "teacher",
          time_zone: "Asia/Tokyo",
        });
        assert.equal(res.status, 400);
        const page = await html(res);
        assert.equal(fieldError(page, "email"), "Must be an email address");
        assert.equal(
          fieldError(page, "password"),
          "Use at least 10 characters",
        );
        assert.equal(fieldError(page, "username"), "Use at least 2 characters");
        assert.match(inputTag(page, "email") ?? "", /value="not-an-email"/);
        assert.match(inputTag(page, "username") ?? "", /value="Q"/);
        assert.match(inputTag(page, "password") ?? "", /value=""/);
        assert.match(
          page,
          /<input[^>]*name="role"[^>]*value="teacher"[^>]*checked/,
        );
        assert.equal(selectedZone(page), "Asia/Tokyo");
        assert.ok(!page.includes(`value="${password}"`));
      },
    );

    await t.step(
      "POST /register with an unknown time zone says so next to it",
      async () => {
        const res = await postForm(app, "/register", {
          email: randomEmail("tz"),
          password: "a long enough password",
          username: "Zed",
          role: "student",
          time_zone: "Mars/Olympus_Mons",
        });
        assert.equal(res.status, 400);
        const page = await html(res);
        assert.equal(
          fieldError(page, "time_zone"),
          "Choose a time zone from the list",
        );
      },
    );

    await t.step("POST /register cannot create an admin", async () => {
      const email = randomEmail("admin");
      const res = await postForm(app, "/register", {
        email,
        password: "a long enough password",
        username: "Mallory",
        role: "admin",
      });
      assert.equal(res.status, 400);
      const page = await html(res);
      assert.equal(
        fieldError(page, "role"),
        'Must be "student" or "teacher"',
      );
      assert.equal(await getUserByEmail(app.db, email), null);
    });

    await t.step(
      "POST /logout ends the session: the old token is refused afterwards",
      async () => {
        const user = await createTestUser(app.db);
        const login = await postForm(app, "/login", {
          email: user.email,
          password: TEST_PASSWORD,
        });
        const token = sessionToken(login);
        assert.ok(token);
        assert.equal((await app.request("/api/me", { token })).status, 200);

        const res = await postForm(app, "/logout", {}, { token });
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/");
        assert.match(res.headers.get("set-cookie") ?? "", /talkroom_session=;/);
        assert.match(res.headers.get("set-cookie") ?? "", /Max-Age=0/);

        const me = await app.request("/api/me", { token });
        assert.equal(me.status, 401);
        await me.body?.cancel();
      },
    );

    await t.step("GET /logout does not sign out", async () => {
      const user = await createTestUser(app.db);
      const token = await app.tokenFor(user);
      const res = await app.request("/logout", { token });
      assert.equal(res.status, 405);
      await res.body?.cancel();
      const me = await app.request("/api/me", { token });
      assert.equal(me.status, 200);
      await me.body?.cancel();
    });

    await t.step("anonymous /account redirects to the login page", async () => {
      const res = await app.request("/account");
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/login?next=%2Faccount");
      await res.body?.cancel();

      const post = await postForm(app, "/account", {
        action: "time_zone",
        time_zone: "Asia/Tokyo",
      });
      assert.equal(post.status, 303);
      assert.match(post.headers.get("location") ?? "", /^\/login\?next=/);
      await post.body?.cancel();
    });

    await t.step("/account shows name, email and role", async () => {
      const user = await createTestUser(app.db, {
        username: "Grace Hopper",
        timeZone: "America/New_York",
      });
      const res = await app.request("/account", {
        token: await app.tokenFor(user),
      });
      assert.equal(res.status, 200);
      const page = await html(res);
      assert.ok(page.includes("Grace Hopper"));
      assert.ok(page.includes(user.email));
      assert.ok(page.includes("Student"));
      assert.equal(selectedZone(page), "America/New_York");
      assert.ok(!page.includes(">Saved<"));
    });

    await t.step("a time zone change is saved", async () => {
      const user = await createTestUser(app.db);
      const token = await app.tokenFor(user);
      const res = await postForm(app, "/account", {
        action: "time_zone",
        time_zone: "Asia/Tokyo",
      }, { token });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/account?saved=1");
      assert.equal(
        (await getUserById(app.db, user.id))?.time_zone,
        "Asia/Tokyo",
      );

      const after = await app.request("/account?saved=1", { token });
      assert.equal(after.status, 200);
      const page = await html(after);
      assert.match(page, /role="status"[^>]*>Saved</);
      assert.equal(selectedZone(page), "Asia/Tokyo");
    });

    await t.step(
      "an unknown time zone is refused next to the field",
      async () => {
        const user = await createTestUser(app.db);
        const res = await postForm(app, "/account", {
          action: "time_zone",
          time_zone: "Nowhere/Atlantis",
        }, { token: await app.tokenFor(user) });
        assert.equal(res.status, 400);
        const page = await html(res);
        assert.equal(
          fieldError(page, "time_zone"),
          "Choose a time zone from the list",
        );
        assert.equal((await getUserById(app.db, user.id))?.time_zone, "UTC");
      },
    );

    await t.step(
      "a teacher's account links to the availability page for confirmation",
      async () => {
        const teacher = await createTestUser(app.db, { role: "teacher" });
        const page = await html(
          await app.request("/account", { token: await app.tokenFor(teacher) }),
        );
        assert.match(page, /href="\/availability"/);
        assert.equal(inputTag(page, "auto_confirm"), null);
        const res = await postForm(app, "/account", {
          action: "auto_confirm",
          auto_confirm: "on",
        }, { token: await app.tokenFor(teacher) });
        assert.equal(res.status, 400);
        await res.body?.cancel();
      },
    );

    await t.step("POST /account without a known action is a 400", async () => {
      const user = await createTestUser(app.db);
      const res = await postForm(app, "/account", { action: "password" }, {
        token: await app.tokenFor(user),
      });
      assert.equal(res.status, 400);
      assert.ok((await html(res)).includes("Your change was not saved"));
    });

    // Last: it uses up this address's registrations.
    await t.step(
      "POST /register past the address's limit shows 429 with the message and Retry-After",
      async () => {
        for (let i = 0; i < REGISTRATION_LIMIT; i++) {
          await claimRegistration(app.db, "127.0.0.1").catch(() => {});
        }
        const email = randomEmail("late");
        const res = await postForm(app, "/register", {
          email,
          password: "violet kettle 1843",
          username: "Late Comer",
          role: "student",
        });
        assert.equal(res.status, 429);
        assert.ok(Number(res.headers.get("retry-after")) > 0);
        assert.equal(res.headers.get("set-cookie"), null);
        assert.match(
          await html(res),
          /Too many accounts created from your network: try again in \d+ minutes/,
        );
        assert.equal(await getUserByEmail(app.db, email), null);
      },
    );
  } finally {
    await app.close();
  }
});
