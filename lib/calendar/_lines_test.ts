import assert from "node:assert/strict";
import {
  escapeText,
  foldLine,
  joinLines,
  paramValue,
  utcDateTime,
} from "@/lib/calendar/_lines.ts";

const octets = (s: string) => new TextEncoder().encode(s).length;

Deno.test("foldLine() keeps a 75-octet line whole and folds the 76th octet onto a line starting with a space", () => {
  const exact = "X".repeat(75);
  assert.equal(foldLine(exact), exact);
  const folded = foldLine("X".repeat(76)).split("\r\n");
  assert.deepEqual(folded, ["X".repeat(75), " X"]);
  // Continuations hold 74 octets after their space.
  const long = foldLine("Y".repeat(75 + 74 + 1)).split("\r\n");
  assert.deepEqual(long.map(octets), [75, 75, 2]);
});

Deno.test("foldLine() moves a multi-byte character that would cross octet 75 whole to the next line", () => {
  // 74 ASCII octets, then "€" (3 octets) would end at octet 77.
  const [first, second] = foldLine("A".repeat(74) + "€B").split("\r\n");
  assert.equal(first, "A".repeat(74));
  assert.equal(second, " €B");
  // An emoji (4 octets, two UTF-16 units) is never split either.
  for (const line of foldLine("🎻".repeat(40)).split("\r\n")) {
    assert.ok(octets(line) <= 75);
    assert.match(line, /^ ?(🎻)+$/u);
  }
});

Deno.test("escapeText() escapes backslash, semicolon, comma and every kind of newline, and drops control characters", () => {
  assert.equal(escapeText("a\\b;c,d"), "a\\\\b\\;c\\,d");
  assert.equal(escapeText("1\r\n2\r3\n4"), "1\\n2\\n3\\n4");
  assert.equal(escapeText("bell\x07 tab\t"), "bell tab\t");
});

Deno.test("paramValue() quotes, and turns what a parameter cannot hold into something it can", () => {
  assert.equal(paramValue("Ann; B, C: D"), '"Ann; B, C: D"');
  assert.equal(paramValue('Say "hi"\r\nX'), `"Say 'hi' X"`);
});

Deno.test("utcDateTime() writes UTC date-times in the basic format", () => {
  assert.equal(utcDateTime("2026-12-01T10:05:09.999Z"), "20261201T100509Z");
  assert.equal(
    utcDateTime(new Date("2026-07-01T12:00:00+02:00")),
    "20260701T100000Z",
  );
});

Deno.test("joinLines() ends every line with CRLF", () => {
  assert.equal(joinLines(["A", "B"]), "A\r\nB\r\n");
});
