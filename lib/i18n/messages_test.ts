import assert from "node:assert/strict";
import {
  catalogueLanguage,
  translate,
  translateParts,
} from "@/lib/i18n/messages.ts";

Deno.test("translate() picks the plural form with Intl.PluralRules", () => {
  assert.equal(
    translate("en-GB", "unit.minutesLate", { count: 1 }),
    "1 minute late",
  );
  assert.equal(
    translate("en-GB", "unit.minutesLate", { count: 2 }),
    "2 minutes late",
  );
  assert.equal(
    translate("en-GB", "unit.minutesLate", { count: 0 }),
    "0 minutes late",
  );
  assert.equal(translate("en-US", "unit.lessons", { count: 1 }), "1 lesson");
  assert.equal(
    translate("en-US", "unit.lessons", { count: 1200 }),
    "1,200 lessons",
  );
  assert.equal(
    translate("de-DE", "unit.lessons", { count: 1200 }),
    "1.200 lessons",
  );
});

Deno.test("translate() fills placeholders and leaves unknown ones", () => {
  assert.equal(
    translate("en-GB", "participantTime.now", { time: "18:30", name: "Ada" }),
    "It is 18:30 for Ada ({zone}).",
  );
  assert.equal(
    translate("en-GB", "page.title", { title: "{x}" }),
    "{x} · Talkroom",
  );
});

Deno.test("catalogueLanguage() falls back to English", () => {
  assert.equal(catalogueLanguage("en-US"), "en");
  assert.equal(catalogueLanguage("de-DE"), "en");
});

Deno.test("translateParts() puts nodes where the placeholders are", () => {
  const node = { node: true };
  assert.deepEqual(
    translateParts("en-GB", "localTime.shownIn", { zone: node, time: "9:00" }),
    ["Times are shown in ", node, ": it is ", "9:00"],
  );
});
