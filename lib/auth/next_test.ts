import assert from "node:assert/strict";
import { DEFAULT_NEXT, safeNext } from "@/lib/auth/next.ts";

Deno.test("safeNext() keeps a path on this origin, with its query and fragment", () => {
  assert.equal(
    safeNext("/bookings/42?tab=notes#call"),
    "/bookings/42?tab=notes#call",
  );
  assert.equal(safeNext("/"), "/");
  assert.equal(safeNext("/a/../account"), "/account");
  assert.equal(safeNext("/search?q=a b"), "/search?q=a%20b");
  // Still encoded, so a path here, never a tab that browsers drop.
  assert.equal(safeNext("/%09/evil.example"), "/%09/evil.example");
});

Deno.test("safeNext() refuses anything that leaves the origin", () => {
  for (
    const next of [
      "//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r/evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      " /evil",
      "https://evil.example/",
      "http:/evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      undefined,
    ]
  ) {
    assert.equal(safeNext(next), DEFAULT_NEXT, JSON.stringify(next));
  }
});

Deno.test("safeNext() refuses control characters, so no header or log line can be forged", () => {
  for (
    const next of ["/a\r\nSet-Cookie: x=1", "/a\u0000", "/a\u007f", "/a\u0085b"]
  ) {
    assert.equal(safeNext(next), DEFAULT_NEXT, JSON.stringify(next));
  }
});
