// The admin pages in-process with real Requests: who may reach them (every
// admin route and method, from the manifest), and the admin's forms: search,
// role change, disabling, the bookings filter, resolving a dispute, the
// audit trail. Also: nobody registers as an admin, a disabled account is
// told why it cannot sign in, and only admins see the header's Admin link.
import assert from "node:assert/strict";
import manifest from "@/fresh.gen.ts";
import { createTestApp, postForm, type TestApp } from "@/tests/_app.ts";
import {
  createTestBooking,
  createTestUser,
  randomEmail,
  TEST_PASSWORD,
} from "@/tests/_db.ts";
import { getUserByEmail, getUserById } from "@/lib/auth/users.ts";
import { DEMO_PASSWORD, seedDemo } from "@/lib/demo/seed.ts";

const HTML = "text/html; charset=utf-8";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every admin page's URL path, from the generated manifest. */
const ADMIN_PATHS = Object.keys(manifest.routes)
  .filter((file) => file.startsWith("./routes/admin/") && !file.includes("/_"))
  .map((file) =>
    file.replace(/^\.\/routes/, "").replace(/\.tsx?$/, "").replace(
      /\/index$/,
      "",
    )
  );

async function html(res: Response): Promise<string> {
  assert.equal(res.headers.get("content-type"), HTML);
  return await res.text();
}

const decode = (s: string) =>
  s.replaceAll("&#39;", "'").replaceAll("&quot;", '"').replaceAll(
    "&amp;",
    "&",
  );

Deno.test("admin pages", async (t) => {
  const app: TestApp = await createTestApp();
  try {
    const admin = await createTestUser(app.db, { role: "admin" });
    const adminToken = await app.tokenFor(admin);
    const teacher = await createTestUser(app.db, { role: "teacher" });
    const student = await createTestUser(app.db);

    await t.step(
      `every admin route and method is refused to everyone else (${ADMIN_PATHS.length} routes)`,
      async () => {
        assert.deepEqual(ADMIN_PATHS.sort(), [
          "/admin",
          "/admin/audit",
          "/admin/bookings",
          "/admin/disputes",
          "/admin/users",
        ]);
        const victim = await createTestUser(app.db);
        const tokens = {
          student: await app.tokenFor(student),
          teacher: await app.tokenFor(teacher),
        };
        for (const path of ADMIN_PATHS) {
          for (const method of METHODS) {
            // A body that would do something if it got through.
            const body = method === "GET" ? undefined : new URLSearchParams({
              action: "disable",
              user_id: victim.id,
            }).toString();
            const init = {
              method,
              body,
              headers: { "content-type": "application/x-www-form-urlencoded" },
            };
            const anonymous = await app.request(path, init);
            assert.equal(anonymous.status, 303, `${method} ${path} signed out`);
            assert.equal(
              anonymous.headers.get("location"),
              `/login?next=${encodeURIComponent(path)}`,
            );
            await anonymous.body?.cancel();
            for (const [role, token] of Object.entries(tokens)) {
              const res = await app.request(path, { ...init, token });
              assert.equal(res.status, 403, `${method} ${path} as ${role}`);
              assert.match(
                await html(res),
                /You do not have access to this page/,
              );
            }
            const res = await app.request(path, {
              ...init,
              body: method === "GET" ? undefined : "",
              token: adminToken,
            });
            assert.notEqual(res.status, 403, `${method} ${path} as admin`);
            assert.notEqual(res.status, 303, `${method} ${path} as admin`);
            await res.body?.cancel();
          }
        }
        const [{ disabled_at }] = await app.db.query<
          { disabled_at: Date | null }
        >("SELECT disabled_at FROM users WHERE id = $1", [victim.id]);
        assert.equal(disabled_at, null);
      },
    );

    await t.step("the header shows Admin to admins only", async () => {
      const mine = await html(
        await app.request("/bookings", { token: adminToken }),
      );
      assert.match(mine, /<a[^>]*href="\/admin"[^>]*>Admin<\/a>/);
      for (const user of [student, teacher]) {
        const page = await html(
          await app.request("/bookings", { token: await app.tokenFor(user) }),
        );
        assert.doesNotMatch(page, /href="\/admin"/);
      }
    });

    await t.step(
      "users: search by e-mail or name finds only the matches",
      async () => {
        const tag = crypto.randomUUID().slice(0, 8);
        const hit = await createTestUser(app.db, { username: `Zed ${tag}` });
        const res = await app.request(
          `/admin/users?q=${encodeURIComponent(`zed ${tag}`)}`,
          { token: adminToken },
        );
        assert.equal(res.status, 200);
        const page = await html(res);
        assert.match(page, new RegExp(`data-user-id="${hit.id}"`));
        assert.doesNotMatch(page, new RegExp(`data-user-id="${student.id}"`));
        const bad = await app.request(`/admin/users?role=owner`, {
          token: adminToken,
        });
        assert.equal(bad.status, 400);
        await bad.body?.cancel();
      },
    );

    await t.step(
      "users: a role change redirects 303 and is in the audit trail",
      async () => {
        const user = await createTestUser(app.db);
        const res = await postForm(app, "/admin/users", {
          action: "role",
          user_id: user.id,
          role: "teacher",
        }, adminToken);
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/admin/users?done=role");
        assert.equal((await getUserById(app.db, user.id))?.role, "teacher");
        const audit = await html(
          await app.request("/admin/audit", { token: adminToken }),
        );
        assert.match(audit, /data-audit-action="user.role_changed"/);
        assert.ok(audit.includes(user.email));
      },
    );

    await t.step(
      "users: an admin cannot demote or disable themselves (409)",
      async () => {
        const attempts: Record<string, string>[] = [
          { action: "role", user_id: admin.id, role: "student" },
          { action: "disable", user_id: admin.id },
        ];
        for (const fields of attempts) {
          const res = await postForm(app, "/admin/users", fields, adminToken);
          assert.equal(res.status, 409);
          assert.match(
            await html(res),
            /your own account: another admin must do it/,
          );
        }
        assert.equal((await getUserById(app.db, admin.id))?.role, "admin");
        const bad = await postForm(app, "/admin/users", {
          action: "role",
          user_id: student.id,
          role: "owner",
        }, adminToken);
        assert.equal(bad.status, 400);
        await bad.body?.cancel();
      },
    );

    await t.step(
      "users: disabling ends the account's sessions and its sign-in is refused with a clear message",
      async () => {
        const user = await createTestUser(app.db);
        const token = await app.tokenFor(user);
        assert.equal((await app.request("/bookings", { token })).status, 200);
        const res = await postForm(app, "/admin/users", {
          action: "disable",
          user_id: user.id,
        }, adminToken);
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/admin/users?done=disabled");
        const after = await app.request("/bookings", { token });
        assert.equal(after.status, 303);
        assert.match(after.headers.get("location")!, /^\/login/);

        const login = await postForm(app, "/login", {
          email: user.email,
          password: TEST_PASSWORD,
        });
        assert.equal(login.status, 403);
        assert.equal(login.headers.get("set-cookie"), null);
        assert.ok(
          decode(await html(login)).includes(
            "Cannot sign in: this account is disabled; contact the site's administrator",
          ),
        );
        const api = await app.request("/api/auth/login", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
        });
        assert.equal(api.status, 403);
        assert.deepEqual(await api.json(), {
          error: {
            code: "forbidden",
            message:
              "Cannot sign in: this account is disabled; contact the site's administrator",
          },
        });
        // A wrong password says nothing about the account.
        const wrong = await postForm(app, "/login", {
          email: user.email,
          password: "not the password at all",
        });
        assert.equal(wrong.status, 401);
        assert.doesNotMatch(await html(wrong), /account is disabled/);

        const enabled = await postForm(app, "/admin/users", {
          action: "enable",
          user_id: user.id,
        }, adminToken);
        assert.equal(enabled.status, 303);
        const again = await postForm(app, "/login", {
          email: user.email,
          password: TEST_PASSWORD,
        });
        assert.equal(again.status, 303);
        await again.body?.cancel();
      },
    );

    await t.step("bookings: the filter narrows the list", async () => {
      const other = await createTestUser(app.db);
      const cancelled = await createTestBooking(app.db, {
        teacher,
        student: other,
        startInMinutes: 3 * 24 * 60,
        status: "cancelled",
      });
      const confirmed = await createTestBooking(app.db, {
        teacher,
        student: other,
        startInMinutes: 4 * 24 * 60,
        status: "confirmed",
      });
      const page = async (query: string) =>
        await html(
          await app.request(`/admin/bookings?${query}`, { token: adminToken }),
        );
      const byStatus = await page(
        `status=cancelled&student=${encodeURIComponent(other.email)}`,
      );
      assert.ok(byStatus.includes(`data-booking-id="${cancelled.id}"`));
      assert.ok(!byStatus.includes(`data-booking-id="${confirmed.id}"`));
      const day = confirmed.start_at.toISOString().slice(0, 10);
      const byDay = await page(
        `teacher=${teacher.id}&from=${day}&to=${day}`,
      );
      assert.ok(byDay.includes(`data-booking-id="${confirmed.id}"`));
      assert.ok(!byDay.includes(`data-booking-id="${cancelled.id}"`));
      const bad = await app.request("/admin/bookings?from=2026-13-01", {
        token: adminToken,
      });
      assert.equal(bad.status, 400);
      await bad.body?.cancel();
    });

    await t.step(
      "disputes: the note is required (400), a resolve redirects 303, a second one is a conflict (409)",
      async () => {
        const b = await createTestBooking(app.db, {
          teacher,
          student,
          startInMinutes: -3 * 60,
          status: "completed",
        });
        const [{ id }] = await app.db.query<{ id: string }>(
          "INSERT INTO booking_disputes (booking_id, raised_by, reason) VALUES ($1, $2, 'The teacher never came') RETURNING id",
          [b.id, student.id],
        );
        const list = await html(
          await app.request("/admin/disputes", { token: adminToken }),
        );
        assert.ok(list.includes(`data-dispute-id="${id}"`));
        assert.ok(list.includes("The teacher never came"));

        const noNote = await postForm(app, "/admin/disputes", {
          dispute_id: id,
          status: "no_show",
          absent: "teacher",
          note: "   ",
        }, adminToken);
        assert.equal(noNote.status, 400);
        assert.match(await html(noNote), /Say why you set this outcome/);
        const [{ status }] = await app.db.query<{ status: string }>(
          "SELECT status FROM bookings WHERE id = $1",
          [b.id],
        );
        assert.equal(status, "completed");

        const ok = await postForm(app, "/admin/disputes", {
          dispute_id: id,
          status: "no_show",
          absent: "teacher",
          note: "The teacher's side never connected",
        }, adminToken);
        assert.equal(ok.status, 303);
        assert.equal(
          ok.headers.get("location"),
          "/admin/disputes?done=resolved",
        );
        const [row] = await app.db.query<
          { status: string; absent_user_ids: string[] }
        >("SELECT status, absent_user_ids FROM bookings WHERE id = $1", [b.id]);
        assert.deepEqual(row, {
          status: "no_show",
          absent_user_ids: [teacher.id],
        });
        const [event] = await app.db.query<{ kind: string; actor_id: string }>(
          "SELECT kind, actor_id FROM booking_events WHERE booking_id = $1 ORDER BY id DESC LIMIT 1",
          [b.id],
        );
        assert.deepEqual(event, {
          kind: "dispute_resolved",
          actor_id: admin.id,
        });

        const twice = await postForm(app, "/admin/disputes", {
          dispute_id: id,
          status: "completed",
          note: "Changed my mind",
        }, adminToken);
        assert.equal(twice.status, 409);
        assert.match(await html(twice), /it is already resolved/);

        const audit = await html(
          await app.request("/admin/audit", { token: adminToken }),
        );
        assert.match(audit, /data-audit-action="dispute.resolved"/);
        const overview = await html(
          await app.request("/admin", { token: adminToken }),
        );
        assert.match(overview, /data-open-disputes="0"/);
      },
    );

    await t.step("a cross-origin admin form post is refused", async () => {
      const user = await createTestUser(app.db);
      const res = await app.request("/admin/users", {
        method: "POST",
        token: adminToken,
        headers: {
          origin: "https://evil.example",
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ action: "disable", user_id: user.id })
          .toString(),
      });
      assert.equal(res.status, 403);
      await res.body?.cancel();
      const [{ disabled_at }] = await app.db.query<
        { disabled_at: Date | null }
      >("SELECT disabled_at FROM users WHERE id = $1", [user.id]);
      assert.equal(disabled_at, null);
    });

    await t.step(
      "nobody can register as an admin (API and form: 400)",
      async () => {
        const email = randomEmail("would-be-admin");
        const api = await app.request("/api/auth/register", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            email,
            password: "a long and unusual passphrase 42",
            username: "Mallory",
            role: "admin",
          }),
        });
        assert.equal(api.status, 400);
        const body = await api.json();
        assert.equal(body.error.code, "invalid_request");
        assert.equal(body.error.fields.role, 'Must be "student" or "teacher"');
        const form = await postForm(app, "/register", {
          email,
          password: "a long and unusual passphrase 42",
          username: "Mallory",
          role: "admin",
        });
        assert.equal(form.status, 400);
        assert.match(
          decode(await html(form)),
          /Must be "student" or "teacher"/,
        );
        assert.equal(await getUserByEmail(app.db, email), null);
      },
    );

    await t.step(
      "the demo seed adds admin@demo.test, who reaches /admin",
      async () => {
        await seedDemo(app.db);
        const res = await postForm(app, "/login", {
          email: "admin@demo.test",
          password: DEMO_PASSWORD,
          next: "/admin",
        });
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/admin");
        const cookie = res.headers.get("set-cookie")!.split(";")[0];
        const page = await app.request("/admin", { cookie });
        assert.equal(page.status, 200);
        assert.match(await html(page), /Audit trail/);
      },
    );
  } finally {
    await app.close();
  }
});
