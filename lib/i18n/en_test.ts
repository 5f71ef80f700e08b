import assert from "node:assert/strict";
import { en, parts } from "@/lib/i18n/en.ts";

Deno.test("no message key is in two parts of the English catalogue", () => {
  const seen = new Map<string, string>();
  const twice: string[] = [];
  for (const [part, messages] of Object.entries(parts)) {
    for (const key of Object.keys(messages)) {
      if (seen.has(key)) twice.push(`${key} (${seen.get(key)}, ${part})`);
      seen.set(key, part);
    }
  }
  assert.deepEqual(twice, []);
  assert.equal(Object.keys(en).length, seen.size, "a part is not in `en`");
});

Deno.test("every English message is non-empty and its placeholders are words", () => {
  for (const [key, message] of Object.entries(en)) {
    const forms = typeof message === "string"
      ? [message]
      : Object.values(message);
    for (const form of forms) {
      assert.ok(form.trim().length > 0, key);
      for (const m of form.matchAll(/\{([^}]*)\}/g)) {
        assert.match(m[1], /^\w+$/, `${key}: {${m[1]}}`);
      }
    }
  }
});
