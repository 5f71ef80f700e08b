// Account recovery and the account page's profile forms in-process, driven
// with real Requests as a browser posting forms would send them.
import assert from "node:assert/strict";
import { createTestApp, postForm, type TestApp } from "@/tests/_app.ts";
import { createTestUser, TEST_PASSWORD } from "@/tests/_db.ts";
import { getUserById } from "@/lib/auth/users.ts";
import {
  claimResetRequest,
  RESET_ADDRESS_LIMIT,
} from "@/lib/auth/recovery_throttle.ts";
import { lastLinkToken, sentFacts } from "@/lib/auth/_recovery_testing.ts";

const HTML = "text/html; charset=utf-8";
// What everyone who asks for a reset link is told.
const RESET_SENT =
  "If an account uses this address, we have sent it a link to choose a new password. The link works for 30 minutes.";
const NEW_PASSWORD = "copper meadow 4418";

async function html(res: Response): Promise<string> {
  assert.equal(res.headers.get("content-type"), HTML);
  return await res.text();
}

function decode(text: string): string {
  return text.replaceAll("&quot;", '"').replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

function fieldError(page: string, name: string): string | null {
  const text = new RegExp(`<p id="field-${name}-error"[^>]*>([^<]*)</p>`)
    .exec(page)?.[1];
  return text === undefined ? null : decode(text);
}

/** Whether a session token still opens the account page. */
async function signedIn(app: TestApp, token: string): Promise<boolean> {
  const res = await app.request("/account", { token });
  await res.body?.cancel();
  return res.status === 200;
}

Deno.test("recovery pages", async (t) => {
  const app = await createTestApp();
  try {
    await t.step("/login links to /forgot-password", async () => {
      const page = await html(await app.request("/login"));
      assert.match(
        page,
        /<a[^>]*href="\/forgot-password"[^>]*>Forgot password\?<\/a>/,
      );
    });

    await t.step(
      "GET /forgot-password shows a form with name=email and no script",
      async () => {
        const res = await app.request("/forgot-password");
        assert.equal(res.status, 200);
        const page = await html(res);
        assert.match(
          page,
          /<form[^>]*method="post"[^>]*action="\/forgot-password"/,
        );
        assert.match(page, /<input[^>]*name="email"[^>]*type="email"/);
        assert.doesNotMatch(page, /<script/);
      },
    );

    await t.step(
      "POST /forgot-password answers a registered and an unknown address alike, and only the registered one gets a link",
      async () => {
        const user = await createTestUser(app.db);
        const answers = [];
        for (const email of [user.email, "no-such-person@example.test"]) {
          const res = await postForm(app, "/forgot-password", { email });
          const after = await app.request(res.headers.get("location") ?? "");
          answers.push({
            status: res.status,
            location: res.headers.get("location"),
            cookie: res.headers.get("set-cookie"),
            body: await res.text(),
            page: await html(after),
          });
        }
        assert.equal(answers[0].status, 303);
        assert.deepEqual(answers[1], answers[0]);
        assert.ok(decode(answers[0].page).includes(RESET_SENT));
        assert.equal(
          (await sentFacts(app.db, user.id, "password_reset")).length,
          1,
        );
      },
    );

    await t.step(
      "POST /forgot-password with something that is not an e-mail address is a 400 next to the field",
      async () => {
        const res = await postForm(app, "/forgot-password", { email: "nope" });
        assert.equal(res.status, 400);
        assert.equal(
          fieldError(await html(res), "email"),
          "Must be an email address",
        );
      },
    );

    await t.step(
      "the reset link opens a form with name=password; the reset ends every session and the link works once",
      async () => {
        const user = await createTestUser(app.db);
        const oldCookie = await app.tokenFor(user);
        await postForm(app, "/forgot-password", { email: user.email });
        const token = await lastLinkToken(app.db, user.id, "password_reset");

        const form = await app.request(`/reset-password?token=${token}`);
        assert.equal(form.status, 200);
        assert.equal(form.headers.get("referrer-policy"), "strict-origin");
        assert.equal(form.headers.get("cache-control"), "no-store");
        const page = await html(form);
        assert.match(
          page,
          /<form[^>]*method="post"[^>]*action="\/reset-password"/,
        );
        assert.match(page, /<input[^>]*name="password"[^>]*type="password"/);
        assert.match(page, new RegExp(`name="token" value="${token}"`));

        const res = await postForm(app, "/reset-password", {
          token,
          password: NEW_PASSWORD,
        });
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/reset-password?done=1");
        assert.equal(await signedIn(app, oldCookie), false);

        const login = await postForm(app, "/login", {
          email: user.email,
          password: NEW_PASSWORD,
        });
        assert.equal(login.status, 303);
        assert.match(
          login.headers.get("set-cookie") ?? "",
          /talkroom_session=./,
        );

        const again = await postForm(app, "/reset-password", {
          token,
          password: "second try phrase 9",
        });
        assert.equal(again.status, 400);
        assert.ok(
          decode(await html(again)).includes(
            "this link is invalid, used or expired",
          ),
        );
        const reopened = await app.request(`/reset-password?token=${token}`);
        assert.equal(reopened.status, 400);
        assert.doesNotMatch(await html(reopened), /name="password"/);
      },
    );

    await t.step(
      "a weak password on the reset form is refused next to the field and the link keeps working",
      async () => {
        const user = await createTestUser(app.db);
        await postForm(app, "/forgot-password", { email: user.email });
        const token = await lastLinkToken(app.db, user.id, "password_reset");
        const res = await postForm(app, "/reset-password", {
          token,
          password: "password123",
        });
        assert.equal(res.status, 400);
        const page = await html(res);
        assert.equal(
          fieldError(page, "password"),
          "This password is too common: choose one that is harder to guess",
        );
        assert.match(page, new RegExp(`name="token" value="${token}"`));
        const short = await postForm(app, "/reset-password", {
          token,
          password: "short",
        });
        assert.equal(short.status, 400);
        assert.equal(
          fieldError(await html(short), "password"),
          "Use at least 10 characters",
        );
        const ok = await postForm(app, "/reset-password", {
          token,
          password: NEW_PASSWORD,
        });
        assert.equal(ok.status, 303);
      },
    );

    await t.step(
      "a password change on /account needs the current password, keeps this session and ends the others",
      async () => {
        const user = await createTestUser(app.db);
        const here = await app.tokenFor(user);
        const elsewhere = await app.tokenFor(user);
        const wrong = await postForm(app, "/account", {
          action: "password",
          current_password: "not my password",
          password: NEW_PASSWORD,
        }, here);
        assert.equal(wrong.status, 400);
        assert.equal(
          fieldError(await html(wrong), "current_password"),
          "This is not your current password",
        );
        assert.equal(await signedIn(app, elsewhere), true);

        const res = await postForm(app, "/account", {
          action: "password",
          current_password: TEST_PASSWORD,
          password: NEW_PASSWORD,
        }, here);
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/account?saved=password");
        assert.equal(await signedIn(app, here), true);
        assert.equal(await signedIn(app, elsewhere), false);
      },
    );

    await t.step("/account renames the user", async () => {
      const user = await createTestUser(app.db);
      const res = await postForm(app, "/account", {
        action: "name",
        username: "  Dorothy Vaughan ",
      }, await app.tokenFor(user));
      assert.equal(res.status, 303);
      assert.equal(
        (await getUserById(app.db, user.id))?.username,
        "Dorothy Vaughan",
      );
    });

    await t.step(
      "an e-mail change on /account happens only when the link sent to the new address is opened and confirmed",
      async () => {
        const user = await createTestUser(app.db);
        const cookie = await app.tokenFor(user);
        const res = await postForm(app, "/account", {
          action: "email",
          email: "Fresh-Start@Example.TEST",
          email_password: TEST_PASSWORD,
        }, cookie);
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/account?saved=email");
        const account = await html(
          await app.request("/account?saved=email", { token: cookie }),
        );
        assert.ok(
          account.includes("We sent a confirmation link to the new address"),
        );
        assert.equal((await getUserById(app.db, user.id))?.email, user.email);

        const token = await lastLinkToken(app.db, user.id, "email_change");
        const open = await app.request(`/confirm-email?token=${token}`);
        assert.equal(open.status, 200);
        assert.equal(open.headers.get("referrer-policy"), "strict-origin");
        assert.ok((await html(open)).includes("fresh-start@example.test"));
        // Opening the link (or a scanner fetching it) changes nothing.
        assert.equal((await getUserById(app.db, user.id))?.email, user.email);

        const confirm = await postForm(app, "/confirm-email", { token });
        assert.equal(confirm.status, 303);
        assert.equal(confirm.headers.get("location"), "/confirm-email?done=1");
        assert.equal(
          (await getUserById(app.db, user.id))?.email,
          "fresh-start@example.test",
        );
        const twice = await postForm(app, "/confirm-email", { token });
        assert.equal(twice.status, 400);
      },
    );

    await t.step(
      "an e-mail change to an address another account has is refused with 409",
      async () => {
        const user = await createTestUser(app.db);
        const owner = await createTestUser(app.db);
        const res = await postForm(app, "/account", {
          action: "email",
          email: owner.email,
          email_password: TEST_PASSWORD,
        }, await app.tokenFor(user));
        assert.equal(res.status, 409);
        assert.ok(
          (await html(res)).includes(
            "Cannot change email: this address is already registered",
          ),
        );
        assert.equal(
          (await sentFacts(app.db, user.id, "email_change")).length,
          0,
        );
      },
    );

    // Last: it uses up this address's reset requests.
    await t.step(
      "past the client address's limit POST /forgot-password answers 429 with Retry-After, for any address",
      async () => {
        for (let i = 0; i < RESET_ADDRESS_LIMIT; i++) {
          await claimResetRequest(
            app.db,
            `filler-${i}@example.test`,
            "127.0.0.1",
          )
            .catch(() => {});
        }
        const res = await postForm(app, "/forgot-password", {
          email: "anyone@example.test",
        });
        assert.equal(res.status, 429);
        assert.ok(Number(res.headers.get("retry-after")) > 0);
        assert.match(
          await html(res),
          /Too many password reset requests: try again in \d+ minutes/,
        );
      },
    );
  } finally {
    await app.close();
  }
});
