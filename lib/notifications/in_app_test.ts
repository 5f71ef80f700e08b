import assert from "node:assert/strict";
import { carriesAccountLink, forInApp } from "@/lib/notifications/in_app.ts";
import type { Notification } from "@/lib/notifications/model.ts";

function notification(
  kind: Notification["kind"],
  facts: Record<string, unknown>,
): Notification {
  return {
    id: crypto.randomUUID(),
    user_id: crypto.randomUUID(),
    kind,
    booking_id: null,
    facts: facts as unknown as Notification["facts"],
    created_at: new Date(),
    read_at: null,
    email_status: "pending",
  };
}

const TOKEN_LINK = "/reset-password?token=secret";

Deno.test("forInApp() hides reset and e-mail confirmation links, keeps notices and booking mail", () => {
  const reset = notification("password_reset", {
    link_path: TOKEN_LINK,
    expires_at: "2026-12-01T10:00:00Z",
  });
  const confirm = notification("email_change", {
    link_path: "/confirm-email?token=secret",
    notice: false,
  });
  const notice = notification("email_change", {
    link_path: "/account",
    notice: true,
  });
  assert.equal(carriesAccountLink(reset), true);
  assert.equal(carriesAccountLink(confirm), true);
  assert.equal(carriesAccountLink(notice), false);
  const shown = [reset, confirm, notice].map((n) => forInApp(n, false));
  const paths = shown.map((n) => (n.facts as { link_path: string }).link_path);
  assert.deepEqual(paths, ["/forgot-password", "/account", "/account"]);
  assert.ok(!JSON.stringify(shown).includes("secret"));
  // The stored notification is left as it is, and the demo shows the link.
  assert.equal((reset.facts as { link_path: string }).link_path, TOKEN_LINK);
  assert.equal(forInApp(reset, true), reset);
});
