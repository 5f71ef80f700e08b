// The app's one stylesheet, built at start by the twind plugin: every class
// a rendered page uses is in it, so no page loses styles to the move from
// per-page <style> to a linked sheet. Pages are rendered in many states (as
// a visitor, student, teacher and admin; bookings open, upcoming, past,
// cancelled) so classes chosen at run time (conditional or template-string
// class lists) show up in the HTML checked here.
import assert from "node:assert/strict";
import { twind, type TwindConfig, virtual } from "@twind/core";
import { createTestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";
import { seedDemo } from "@/lib/demo/seed.ts";
import freshConfig from "@/fresh.config.ts";
import twindConfig from "@/twind.config.ts";
import type { TwindPlugin } from "$fresh/plugins/twindv1.ts";

const CLASS_ATTRIBUTE = /\sclass="([^"]*)"/g;

// A class needs a rule when twind makes one of it on its own.
const probe = twind(twindConfig as unknown as TwindConfig, virtual());
probe("block");
function hasRule(name: string): boolean {
  const before = probe.target.length;
  probe(name);
  return probe.target.length > before;
}

Deno.test("the stylesheet has a rule for every class the pages use", async (t) => {
  const app = await createTestApp();
  try {
    const plugin = freshConfig.plugins!.find((p) =>
      p.name === "twind"
    ) as TwindPlugin;
    const sheet = plugin.sheet();
    assert.ok(sheet, "the sheet is built when the app starts");

    await seedDemo(app.db);
    const users = await app.db.query<
      { id: string; email: string; role: string; username: string }
    >("SELECT id, email, role, username FROM users");
    const byEmail = (e: string) => users.find((u) => u.email === e)!;
    const teacher = byEmail("teacher@demo.test");
    const tokens: Record<string, string | undefined> = { visitor: undefined };
    for (const e of ["student", "teacher", "admin", "outsider"]) {
      tokens[e] = await app.tokenFor(byEmail(`${e}@demo.test`) as User);
    }
    // Bookings in every state the booking page shows differently, with a
    // teacher of their own (the demo teacher's hours are taken).
    const other = await createTestUser(app.db, { role: "teacher" });
    const learner = await createTestUser(app.db);
    tokens.learner = await app.tokenFor(learner);
    tokens.other = await app.tokenFor(other);
    const extra = [];
    for (
      const [startInMinutes, status] of [
        [5, "confirmed"],
        [-150, "confirmed"],
        [-24 * 60, "completed"],
        [3 * 24 * 60, "pending"],
        [2 * 24 * 60, "cancelled"],
      ] as const
    ) {
      extra.push(
        await createTestBooking(app.db, {
          student: learner,
          teacher: other,
          startInMinutes,
          status,
        }),
      );
    }
    const bookings = await app.db.query<{ id: string }>(
      "SELECT id FROM bookings",
    );

    const paths = [
      "/",
      "/login",
      "/register",
      "/forgot-password",
      "/reset-password?token=nothing",
      "/confirm-email?token=nothing",
      "/teachers",
      `/teachers/${teacher.id}`,
      `/teachers/${other.id}`,
      "/slots",
      "/bookings",
      "/bookings?view=past",
      "/account",
      "/account/profile",
      "/account/calendar",
      "/account/notifications",
      "/notifications",
      "/ratings",
      "/availability",
      "/admin",
      "/admin/users",
      "/admin/bookings",
      "/admin/disputes",
      "/admin/audit",
      "/no-such-page",
      ...bookings.flatMap((b) => [
        `/bookings/${b.id}`,
        `/bookings/${b.id}/rating`,
        `/bookings/${b.id}/dispute`,
        `/bookings/${b.id}/reschedule`,
      ]),
    ];
    const used = new Set<string>();
    let pages = 0;
    for (const [who, token] of Object.entries(tokens)) {
      for (const path of paths) {
        const res = await app.request(path, { token });
        if (!res.headers.get("content-type")?.startsWith("text/html")) {
          await res.body?.cancel();
          continue;
        }
        const html = await res.text();
        pages++;
        assert.doesNotMatch(html, /__FRSH_TWIND/, `${who} ${path}`);
        assert.ok(
          html.includes(`<link rel="stylesheet" href="${sheet.path}">`),
          `${who} ${path} links the sheet`,
        );
        for (const m of html.matchAll(CLASS_ATTRIBUTE)) {
          for (const name of m[1].replaceAll("&amp;", "&").split(/\s+/)) {
            if (name) used.add(name);
          }
        }
      }
    }
    assert.ok(pages > 60, `only ${pages} pages rendered`);
    assert.ok(used.size > 100, `only ${used.size} classes seen`);

    await t.step("every class with a rule is in the sheet", () => {
      const missing = [...used].filter((c) =>
        hasRule(c) && !sheet.classes.has(c)
      );
      assert.deepEqual(missing, []);
    });

    await t.step(
      "the sheet is served immutable, compressed and by ETag",
      async () => {
        const res = await app.request(sheet.path, {
          headers: { "accept-encoding": "br" },
        });
        assert.equal(res.status, 200);
        assert.equal(
          res.headers.get("content-type"),
          "text/css; charset=utf-8",
        );
        assert.equal(
          res.headers.get("cache-control"),
          "public, max-age=31536000, immutable",
        );
        assert.equal(res.headers.get("content-encoding"), "br");
        await res.body?.cancel();
        const plain = await app.request(sheet.path);
        assert.equal(plain.headers.get("content-encoding"), null);
        assert.equal(await plain.text(), sheet.css);
        const again = await app.request(sheet.path, {
          headers: { "if-none-match": sheet.etag },
        });
        assert.equal(again.status, 304);
        await again.body?.cancel();
        const stale = await app.request("/_frsh/twind/0000000000000000.css");
        assert.equal(stale.status, 404);
        await stale.body?.cancel();
      },
    );

    await t.step("the page's policy allows the sheet", async () => {
      const res = await app.request("/login");
      await res.body?.cancel();
      const csp = res.headers.get("content-security-policy") ?? "";
      assert.match(csp, /style-src 'self'/);
      assert.match(csp, /default-src 'self'/);
    });
  } finally {
    await app.close();
  }
});
