// The design system's promises (docs/DESIGN.md), checked where they live:
// the colour tokens in twind.config.ts keep their contrast ratios, and every
// page has one h1, in the shared page header, for each kind of viewer.
import assert from "node:assert/strict";
import config from "@/twind.config.ts";
import { createTestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";

type Palette = Record<string, string | Record<string, string>>;

const colors = (config as unknown as {
  theme: { extend: { colors: Palette } };
}).theme.extend.colors;

/** A token's hex value: `ink`, or `danger-700` for a shade. */
function hex(token: string): string {
  const dash = token.lastIndexOf("-");
  const flat = colors[token];
  if (typeof flat === "string") return flat;
  const family = colors[token.slice(0, dash)];
  assert.ok(typeof family === "object", `no colour token ${token}`);
  const value = family[token.slice(dash + 1)];
  assert.ok(value, `no colour token ${token}`);
  return value;
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(color: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE = "#ffffff";
/** The page background (slate-50). */
const PAGE = "#f8fafc";

Deno.test("text colour tokens keep 4.5:1 and UI-part tokens 3:1", () => {
  for (const token of ["ink", "muted", "brand-700", "danger-700"]) {
    for (const bg of [WHITE, PAGE]) {
      const ratio = contrast(hex(token), bg);
      assert.ok(ratio >= 4.5, `${token} on ${bg}: ${ratio.toFixed(2)}`);
    }
  }
  // Text on its tinted surface, and white text on filled buttons.
  for (
    const [fg, bg] of [
      ["danger-800", "danger-50"],
      ["success-800", "success-50"],
      ["warning-900", "warning-50"],
      ["brand-900", "brand-50"],
      ["brand-700", "brand-50"],
    ]
  ) {
    const ratio = contrast(hex(fg), hex(bg));
    assert.ok(ratio >= 4.5, `${fg} on ${bg}: ${ratio.toFixed(2)}`);
  }
  for (const fill of ["brand-700", "brand-800", "danger-700", "danger-800"]) {
    const ratio = contrast(WHITE, hex(fill));
    assert.ok(ratio >= 4.5, `white on ${fill}: ${ratio.toFixed(2)}`);
  }
  // Input borders and the focus ring are UI parts: 3:1 against the page.
  for (const token of ["field", "brand-700"]) {
    for (const bg of [WHITE, PAGE]) {
      const ratio = contrast(hex(token), bg);
      assert.ok(ratio >= 3, `${token} on ${bg}: ${ratio.toFixed(2)}`);
    }
  }
});

Deno.test({
  name: "each page has one h1, in the shared page header",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const app = await createTestApp();
    try {
      const teacher = await createTestUser(app.db, { role: "teacher" });
      const student = await createTestUser(app.db, { role: "student" });
      const admin = await createTestUser(app.db, { role: "admin" });
      const booking = await createTestBooking(app.db, {
        teacher,
        student,
        startInMinutes: 24 * 60,
      });
      const pages: [string, string | undefined][] = [
        ["/login", undefined],
        ["/register", undefined],
        ["/forgot-password", undefined],
        ["/no-such-page", undefined],
        ["/bookings", await app.tokenFor(student)],
        [`/bookings/${booking.id}`, await app.tokenFor(student)],
        ["/teachers", await app.tokenFor(student)],
        ["/teachers?q=zz", await app.tokenFor(student)],
        [`/teachers/${teacher.id}`, await app.tokenFor(student)],
        ["/notifications", await app.tokenFor(student)],
        ["/account", await app.tokenFor(teacher)],
        ["/account/profile", await app.tokenFor(teacher)],
        ["/availability", await app.tokenFor(teacher)],
        ["/slots", await app.tokenFor(teacher)],
        ["/ratings", await app.tokenFor(teacher)],
        ["/admin/users", await app.tokenFor(admin)],
      ];
      for (const [path, token] of pages) {
        const res = await app.request(path, { token });
        const html = await res.text();
        assert.ok(res.status < 500, `${path}: ${res.status}`);
        const h1s = [...html.matchAll(/<h1\b[^>]*>/g)];
        assert.equal(h1s.length, 1, `${path}: one h1`);
        // The header's h1, directly under its border.
        assert.match(
          html,
          /<div class="mb-6 border-b border-line pb-4">(?:(?!<\/h1>).)*<h1 class="[^"]*text-title/s,
          `${path}: the h1 is the PageHeader's`,
        );
      }
      // Empty lists say so with the shared empty state.
      const none = await app.request("/teachers?q=zz", {
        token: await app.tokenFor(student),
      });
      assert.match(await none.text(), /data-empty-state/);
    } finally {
      await app.close();
    }
  },
});
