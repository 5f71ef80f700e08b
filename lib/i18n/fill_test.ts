import assert from "node:assert/strict";
import { sayer } from "@/lib/i18n/fill.ts";

const texts = {
  "a.plain": "Hello {name}",
  "a.late": { one: "{count} minute late", other: "{count} minutes late" },
  "a.pages": "Page {page} of {pages}",
} as const;

Deno.test("sayer() fills placeholders and leaves unknown ones as they are", () => {
  const say = sayer("en-GB", texts);
  assert.equal(say("a.plain", { name: "Tess" }), "Hello Tess");
  assert.equal(say("a.plain"), "Hello {name}");
});

Deno.test("sayer() picks the plural form with Intl.PluralRules and formats numbers", () => {
  const say = sayer("en-US", texts);
  assert.equal(say("a.late", { count: 1 }), "1 minute late");
  assert.equal(say("a.late", { count: 0 }), "0 minutes late");
  assert.equal(say("a.late", { count: 1200 }), "1,200 minutes late");
  assert.equal(
    sayer("de-DE", texts)("a.pages", { page: 1000, pages: 1001 }),
    "Page 1.000 of 1.001",
  );
});

Deno.test("sayer() falls back to the other form and to the key", () => {
  // Welsh has a "two" form English does not give.
  assert.equal(sayer("cy", texts)("a.late", { count: 2 }), "2 minutes late");
  const say = sayer<string>("en-GB", texts);
  assert.equal(say("a.missing"), "a.missing");
});
