import assert from "node:assert/strict";
import {
  DEFAULT_LOCALE,
  firstDayOfWeek,
  matchAcceptLanguage,
  parseAcceptLanguage,
  resolveLocale,
  supportedLocale,
  usesHour12,
} from "@/lib/i18n/locale.ts";

Deno.test("parseAcceptLanguage() orders ranges by weight, ties in header order", () => {
  assert.deepEqual(
    parseAcceptLanguage("fr;q=0.5, de-DE, en;q=0.8, it"),
    [
      { tag: "de-DE", q: 1 },
      { tag: "it", q: 1 },
      { tag: "en", q: 0.8 },
      { tag: "fr", q: 0.5 },
    ],
  );
});

Deno.test("parseAcceptLanguage() skips malformed entries, * and q=0", () => {
  assert.deepEqual(
    parseAcceptLanguage(
      "*, <script>, de;q=2, fr;q=abc, es;q=0, en-US;x=1, nl;q=0.3, ;q=1, pt",
    ),
    [{ tag: "pt", q: 1 }, { tag: "nl", q: 0.3 }],
  );
  assert.deepEqual(parseAcceptLanguage(""), []);
  assert.deepEqual(parseAcceptLanguage(null), []);
  assert.deepEqual(parseAcceptLanguage("de".padEnd(2000, "x")), []);
});

Deno.test("matchAcceptLanguage() picks the first locale the runtime knows", () => {
  assert.equal(matchAcceptLanguage("de-DE,de;q=0.9,en;q=0.8"), "de-DE");
  assert.equal(matchAcceptLanguage("en-us"), "en-US");
  assert.equal(matchAcceptLanguage("qqq, zz-ZZ;q=0.9, en-GB;q=0.1"), "en-GB");
  assert.equal(matchAcceptLanguage("de-DE-u-ca-buddhist"), "de-DE");
  assert.equal(matchAcceptLanguage("x-klingon, i-default"), null);
  assert.equal(matchAcceptLanguage("\u0000\u00ff;;;,,,q=1"), null);
});

Deno.test("resolveLocale() prefers the account, then the browser, then English", () => {
  assert.equal(resolveLocale("en-US", "de-DE"), "en-US");
  assert.equal(resolveLocale(null, "de-DE"), "de-DE");
  assert.equal(resolveLocale("not a tag", "garbage;;"), DEFAULT_LOCALE);
  assert.equal(resolveLocale(undefined, undefined), "en-GB");
});

Deno.test("supportedLocale() refuses what is not a locale tag", () => {
  assert.equal(supportedLocale(42), null);
  assert.equal(supportedLocale("en_GB"), null);
  assert.equal(supportedLocale("a".repeat(80)), null);
  assert.equal(supportedLocale("fr-ca"), "fr-CA");
});

Deno.test("firstDayOfWeek() follows the locale's region", () => {
  assert.equal(firstDayOfWeek("en-US"), 7);
  assert.equal(firstDayOfWeek("en-GB"), 1);
  assert.equal(firstDayOfWeek("de-DE"), 1);
  assert.equal(firstDayOfWeek("ar-EG"), 6);
});

Deno.test("usesHour12() tells 12-hour clocks from 24-hour ones", () => {
  assert.equal(usesHour12("en-US"), true);
  assert.equal(usesHour12("en-GB"), false);
  assert.equal(usesHour12("de-DE"), false);
});
