// Methods, headers, rendering and island prop serialization of the
// Fresh-compatible runtime, tested with real Requests against the fixture app.
import assert from "node:assert/strict";
import { signal } from "@preact/signals";
import { deserialize } from "$fresh/src/runtime/deserializer.ts";
import { HOSTILE, WHEN } from "./fixture/routes/islands.tsx";
import { get, HTML, request, send } from "./_fixture_app.ts";

const METHOD_NOT_ALLOWED: [method: string, path: string, allow: string[]][] = [
  ["PUT", "/methods", ["GET", "POST", "HEAD"]],
  ["DELETE", "/methods", ["GET", "POST", "HEAD"]],
  ["NOTAMETHOD", "/methods", ["GET", "POST", "HEAD"]],
  ["POST", "/books/1", ["GET", "HEAD"]],
  ["OPTIONS", "/books/1", ["GET", "HEAD"]],
  // Method names that are also Object.prototype members.
  ["constructor", "/methods", ["GET", "POST", "HEAD"]],
  ["toString", "/methods", ["GET", "POST", "HEAD"]],
];

for (const [method, path, allow] of METHOD_NOT_ALLOWED) {
  Deno.test(`${method} ${path} → 405 with Allow: ${allow.join(", ")}`, async () => {
    const res = await send(request(method, path), true);
    assert.ok(res instanceof Response, "the handler must return a Response");
    assert.equal(res.status, 405);
    assert.equal(await res.text(), "");
    const listed = (res.headers.get("allow") ?? "").split(",").map((m) =>
      m.trim()
    ).filter(Boolean);
    assert.deepEqual(new Set(listed), new Set(allow));
    assert.equal(res.headers.get("accept"), null);
  });
}

Deno.test("HEAD answers with the GET headers and no body", async () => {
  // Each render has its own script nonce.
  const headers = (res: Response) =>
    Object.fromEntries(
      [...res.headers].map(([k, v]) => [k, v.replace(/'nonce-[^']+'/, "N")]),
    );
  for (const path of ["/books/1", "/methods", "/fn"]) {
    const getRes = await send(request("GET", path));
    await getRes.body?.cancel();
    const headRes = await send(request("HEAD", path));
    assert.equal(headRes.status, getRes.status, path);
    assert.equal(headRes.body, null, path);
    assert.deepEqual(headers(headRes), headers(getRes), path);
  }
});

Deno.test("every page gets the security headers and a nonce policy, with islands or without, 404 and 500 too", async () => {
  const pages: [string, number][] = [
    ["/", 200],
    ["/books/1", 200],
    ["/islands", 200],
    ["/nope", 404],
    ["/missing", 404],
    ["/boom", 500],
  ];
  for (const [path, status] of pages) {
    const res = await send(request("GET", path), status === 500);
    const html = await res.text();
    assert.equal(res.status, status, path);
    assert.equal(res.headers.get("content-type"), HTML, path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.ok(res.headers.get("referrer-policy"), path);
    assert.equal(res.headers.get("x-frame-options"), "DENY", path);
    const policy = res.headers.get("content-security-policy") ?? "";
    const nonce = /script-src 'nonce-([^']+)' 'strict-dynamic'/.exec(policy);
    assert.ok(nonce, `${path}: ${policy}`);
    for (const directive of ["default-src 'self'", "object-src 'none'"]) {
      assert.ok(policy.includes(directive), `${path}: ${policy}`);
    }
    assert.match(policy, /(^|; )base-uri 'none'(;|$)/, path);
    assert.match(policy, /(^|; )frame-ancestors 'none'(;|$)/, path);
    for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
      assert.ok(tag.includes(`nonce="${nonce[1]}"`), `${path}: ${tag}`);
    }
  }
});

Deno.test("useCSP extends the page's policy, and each render gets its own nonce", async () => {
  const { res, html } = await get("/csp");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), HTML);
  const policy = res.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  assert.ok(nonce, policy);
  assert.match(policy, /(^|; )img-src 'self'(;|$)/);
  assert.match(policy, /(^|; )frame-ancestors 'none'(;|$)/);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.ok(scripts.length >= 2, "state and boot scripts");
  for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), tag);
  // A fresh nonce per render.
  const again = await send(request("GET", "/csp"));
  await again.body?.cancel();
  assert.ok(!again.headers.get("content-security-policy")?.includes(nonce));
});

Deno.test("an island-free page ships no script at all", async () => {
  const { res, html } = await get("/");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), HTML);
  assert.ok(html.includes("Fixture home"));
  assert.ok(!html.includes("<script"), html);
  assert.ok(!html.includes("modulepreload"), html);
  assert.ok(!html.includes("<!--frsh-"), html);
});

/** The text of the page's island state script. */
function stateText(html: string): string {
  const m =
    /<script id="__FRSH_STATE_[0-9a-f]+" type="application\/json"[^>]*>([\s\S]*?)<\/script>/
      .exec(html);
  assert.ok(m, "state script");
  return m[1];
}

interface CounterProps {
  start: number;
  label: string;
  when?: Date;
}

Deno.test("/islands renders island markers, slots and a boot script", async () => {
  const { res, html } = await get("/islands");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), HTML);
  for (
    const marker of [
      "<!--frsh-counter_default:0:-->",
      "<!--/frsh-counter_default:0:-->",
      "<!--frsh-shell_default:1:-->",
      "<!--frsh-slot-shell_default:1:children-->",
      '<p data-role="slot-text">Slot text</p>',
      "<!--frsh-counter_default:2:-->",
      "<!--/frsh-slot-shell_default:1:children-->",
      "<!--/frsh-shell_default:1:-->",
      "<!--frsh-signalpair_writer:3:-->",
      "<!--frsh-signalpair_reader:4:-->",
      '<output data-island="reader">3</output>',
      "<!--frsh-counter_default:5:-->",
      'data-when="2024-05-06T07:08:09.000Z"',
    ]
  ) {
    assert.ok(html.includes(marker), marker);
  }
  // The nested counter sits inside the shell's slot.
  const slotStart = html.indexOf("<!--frsh-slot-shell_default:1:children-->");
  const slotEnd = html.indexOf("<!--/frsh-slot-shell_default:1:children-->");
  const nested = html.indexOf("<!--frsh-counter_default:2:-->");
  assert.ok(slotStart < nested && nested < slotEnd);
  const boot = /<script type="module"[^>]*>([\s\S]*?)<\/script>/.exec(html);
  assert.ok(boot, "boot script");
  assert.ok(boot[1].includes("revive"), boot[1]);
  assert.match(boot[1], /\/_frsh\/js\/[^/"]+\/island-counter-[^"]+\.js/);
  // Only the runtime's two scripts: the hostile label injected none.
  assert.equal(html.match(/<script/g)?.length, 2);
});

Deno.test("island props round-trip hostile strings, Dates and shared signals", async () => {
  const { res, html } = await get("/islands");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), HTML);
  const text = stateText(html);
  for (const bad of ["</script", "<!--", "<", ">", "\u2028", "\u2029"]) {
    assert.ok(
      !text.includes(bad),
      `state text contains ${JSON.stringify(bad)}`,
    );
  }

  const raw = JSON.parse(text) as { v: [CounterProps[], unknown[]] };
  assert.equal(raw.v[0][0].label, HOSTILE);
  assert.equal(raw.v[0][0].start, 1);

  const [props] = deserialize(text, signal) as [Record<string, unknown>[]];
  assert.equal(props.length, 6);
  assert.deepEqual(props[0], { start: 1, label: HOSTILE });
  assert.deepEqual(props[1], { title: "Outer" }, "children are not props");
  assert.deepEqual(props[2], { start: 10, label: "nested" });
  const when = props[5].when;
  assert.ok(when instanceof Date, "when is a Date");
  assert.equal(when.toISOString(), WHEN);
  const writer = props[3].count as { value: number };
  const reader = props[4].count as { value: number };
  assert.equal(writer.value, 3);
  assert.equal(writer, reader, "one signal shared by both islands");
});
