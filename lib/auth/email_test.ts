import assert from "node:assert/strict";
import { normalizeEmail } from "@/lib/auth/email.ts";

Deno.test("normalizeEmail() trims, composes and lowercases with Unicode's mapping", () => {
  assert.equal(
    normalizeEmail("  Ada.Lovelace@Example.TEST "),
    "ada.lovelace@example.test",
  );
  // PostgreSQL's lower() gives "i" for İ; Unicode's mapping keeps the dot.
  assert.equal(normalizeEmail("V\u0130CTIM@x.test"), "vi\u0307ctim@x.test");
  assert.equal(normalizeEmail("\u00c9mile@x.test"), "\u00e9mile@x.test");
  assert.equal(normalizeEmail("E\u0301mile@x.test"), "\u00e9mile@x.test");
  // Full-width letters are compatibility characters of the ASCII ones.
  assert.equal(normalizeEmail("\uff21da@x.test"), "ada@x.test");
});

Deno.test("normalizeEmail() is idempotent", () => {
  for (
    const email of [
      "V\u0130CTIM@x.test",
      "\u1E9E@x.test",
      "\u2126@x.test",
      "ǅ@x.test",
    ]
  ) {
    const once = normalizeEmail(email);
    assert.equal(normalizeEmail(once), once, email);
  }
});
