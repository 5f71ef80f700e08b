// Routing, rendering and island prop serialization of the Fresh-compatible
// runtime, tested with real Requests against the fixture app in tests/fixture.
import assert from "node:assert/strict";
import { signal } from "@preact/signals";
import { createApp } from "$fresh/server.ts";
import { deserialize } from "$fresh/src/runtime/deserializer.ts";
import manifest from "./fixture/fresh.gen.ts";
import { HOSTILE, WHEN } from "./fixture/routes/islands.tsx";

const app = await createApp(manifest, { plugins: [] }, { dev: false });

const HTML = "text/html; charset=utf-8";

function request(method: string, path: string, init?: RequestInit): Request {
  return new Request(`http://localhost${path}`, { ...init, method });
}

/** Sends a request; console.error is muted when `quiet` (expected 500s). */
async function send(req: Request, quiet = false): Promise<Response> {
  if (!quiet) return await app.handler(req);
  const original = console.error;
  console.error = () => {};
  try {
    return await app.handler(req);
  } finally {
    console.error = original;
  }
}

async function get(path: string): Promise<{ res: Response; html: string }> {
  const res = await send(request("GET", path));
  return { res, html: await res.text() };
}

interface Row {
  method: string;
  path: string;
  status: number;
  /** Expected content-type prefix; omitted when the row does not care. */
  type?: string;
  /** Substrings the body must contain. */
  body?: string[];
  /** Substrings the body must not contain. */
  notBody?: string[];
  /** Expected header values; null means the header must be absent. */
  headers?: Record<string, string | null>;
  note: string;
}

const ROUTES: Row[] = [
  // Priority: literal beats [param] beats [...rest]; index beats [...rest].
  {
    method: "GET",
    path: "/books",
    status: 200,
    type: HTML,
    body: ["books/index"],
    note: "books/index beats the empty catch-all",
  },
  {
    method: "GET",
    path: "/books/new",
    status: 200,
    type: HTML,
    body: ["books/new"],
    notBody: ["books/[id]"],
    note: "literal segment beats [id]",
  },
  {
    method: "GET",
    path: "/books/1",
    status: 200,
    type: HTML,
    body: ["books/[id] id=1"],
    note: "[id] beats [...rest]",
  },
  {
    method: "GET",
    path: "/books/a/b/c",
    status: 200,
    type: HTML,
    body: ["books/[...rest] rest=a/b/c"],
    note: "catch-all takes every remaining segment",
  },
  {
    method: "GET",
    path: "/books/new/x",
    status: 200,
    type: HTML,
    body: ["books/[...rest] rest=new/x"],
    note: "catch-all below a literal route",
  },
  // Params
  {
    method: "GET",
    path: "/greet/J%C3%B6rg",
    status: 200,
    type: HTML,
    body: ["Hello, Jörg!"],
    note: "params are percent-decoded",
  },
  {
    method: "GET",
    path: "/greet/a%20b",
    status: 200,
    type: HTML,
    body: ["Hello, a b!"],
    note: "an encoded space is decoded",
  },
  {
    method: "GET",
    path: "/greet/%E0%A4%A",
    status: 200,
    type: HTML,
    body: ["Hello, %E0%A4%A!"],
    note: "a malformed escape is passed through",
  },
  {
    method: "GET",
    path: "/files/report.json",
    status: 200,
    type: "application/json",
    body: ['{"name":"report"}'],
    note: "mixed segment [name].json",
  },
  {
    method: "GET",
    path: "/files/a.b.json",
    status: 200,
    type: "application/json",
    body: ['{"name":"a.b"}'],
    note: "mixed segment keeps inner dots in the param",
  },
  {
    method: "GET",
    path: "/files/report.txt",
    status: 404,
    type: HTML,
    body: ["Fixture 404"],
    note: "mixed segment needs its literal suffix",
  },
  {
    method: "GET",
    path: "/docs",
    status: 200,
    type: HTML,
    body: ["docs lang=(none)"],
    note: "optional segment may be absent",
  },
  {
    method: "GET",
    path: "/docs/en",
    status: 200,
    type: HTML,
    body: ["docs lang=en"],
    note: "optional segment when present",
  },
  // Groups
  {
    method: "GET",
    path: "/about",
    status: 200,
    type: HTML,
    body: ["About us", '<div data-layout="marketing">'],
    notBody: ['data-layout="books"'],
    headers: { "x-trail": "root" },
    note: "group folder is not part of the URL and keeps its layout",
  },
  {
    method: "GET",
    path: "/(marketing)/about",
    status: 404,
    type: HTML,
    body: ["Fixture 404"],
    note: "the group name itself is not routable",
  },
  // Middleware order
  {
    method: "GET",
    path: "/books/1",
    status: 200,
    type: HTML,
    headers: { "x-trail": "root,books" },
    note: "root middleware runs before the folder middleware",
  },
  {
    method: "GET",
    path: "/books/a/b/c",
    status: 200,
    type: HTML,
    headers: { "x-trail": "root,books" },
    note: "folder middleware applies to the catch-all",
  },
  {
    method: "GET",
    path: "/nope",
    status: 404,
    type: HTML,
    body: ["Fixture 404", "<title>Fixture</title>"],
    headers: { "x-trail": "root" },
    note: "unknown path renders _404 inside the app, root middleware only",
  },
  // Layouts
  {
    method: "GET",
    path: "/books/1",
    status: 200,
    type: HTML,
    body: ['<div data-layout="books"><p data-page="books/[id]">'],
    note: "folder layout wraps the page",
  },
  {
    method: "GET",
    path: "/nested/page",
    status: 200,
    type: HTML,
    body: ['<div data-layout="nested"><p data-page="nested/page">'],
    note: "nested layout applies",
  },
  {
    method: "GET",
    path: "/nested/skip/page",
    status: 200,
    type: HTML,
    body: ['<div data-layout="skip"><p data-page="nested/skip/page">'],
    notBody: ['data-layout="nested"'],
    note: "skipInheritedLayouts drops the outer layouts",
  },
  {
    method: "GET",
    path: "/bare",
    status: 200,
    type: HTML,
    body: ["Bare page", "<!DOCTYPE html>"],
    notBody: ["<title>Fixture</title>"],
    note: "skipAppWrapper renders without _app",
  },
  {
    method: "GET",
    path: "/head",
    status: 200,
    type: HTML,
    body: ["<title>Custom</title>", "Head page"],
    notBody: ["<title>Fixture</title>"],
    note: "a <Head> title replaces the app title",
  },
  // Methods
  {
    method: "GET",
    path: "/methods",
    status: 200,
    type: "text/plain",
    body: ["methods GET"],
    note: "handler object GET",
  },
  {
    method: "POST",
    path: "/methods",
    status: 200,
    type: "text/plain",
    body: ["methods POST"],
    note: "handler object POST",
  },
  {
    method: "HEAD",
    path: "/methods",
    status: 200,
    type: "text/plain",
    headers: { "x-handler": "GET" },
    note: "implicit HEAD runs GET",
  },
  {
    method: "GET",
    path: "/fn",
    status: 200,
    type: "text/plain",
    body: ["method=GET"],
    note: "function handler gets GET",
  },
  {
    method: "DELETE",
    path: "/fn",
    status: 200,
    type: "text/plain",
    body: ["method=DELETE"],
    note: "function handler gets every method",
  },
  {
    method: "HEAD",
    path: "/fn",
    status: 200,
    type: "text/plain",
    headers: { "x-method": "GET" },
    note: "function handler sees HEAD as GET",
  },
  // Trailing slash and repeated slashes
  {
    method: "GET",
    path: "/",
    status: 200,
    type: HTML,
    body: ["Fixture home"],
    note: "the root path is not redirected",
  },
  {
    method: "GET",
    path: "/books/1/?q=2",
    status: 307,
    headers: { location: "/books/1?q=2" },
    note: "trailing slash redirects, keeping the query",
  },
  {
    method: "GET",
    path: "/books///",
    status: 307,
    headers: { location: "/books" },
    note: "all trailing slashes are removed",
  },
  {
    method: "GET",
    path: "//evil.example/",
    status: 307,
    headers: { location: "/evil.example" },
    note: "the redirect is never protocol-relative",
  },
  {
    method: "GET",
    path: "//books//1",
    status: 200,
    type: HTML,
    body: ["books/[id] id=1"],
    note: "repeated slashes are collapsed",
  },
  // Errors
  {
    method: "GET",
    path: "/boom",
    status: 500,
    type: HTML,
    body: ["Fixture 500", "<title>Fixture</title>"],
    notBody: ["secret detail 42", "never rendered"],
    note: "_500 page hides the error message",
  },
  {
    method: "GET",
    path: "/missing",
    status: 404,
    type: HTML,
    body: ["Fixture 404"],
    notBody: ["never rendered"],
    headers: { "x-trail": "root" },
    note: "Deno.errors.NotFound from a handler renders _404",
  },
  // Async components and ctx.render
  {
    method: "GET",
    path: "/async",
    status: 200,
    type: HTML,
    body: ["Async awaited GET /async", "<title>Fixture</title>"],
    note: "async route component",
  },
  {
    method: "GET",
    path: "/redirect",
    status: 303,
    headers: { location: "/books?from=/redirect", "x-trail": "root" },
    note: "async component returning a Response sends it as is",
  },
  {
    method: "GET",
    path: "/data",
    status: 201,
    type: HTML,
    body: ["data n=1"],
    headers: { "x-a": "b" },
    note: "ctx.render(data, { status, headers })",
  },
  // routeOverride
  {
    method: "GET",
    path: "/item/42",
    status: 200,
    type: HTML,
    body: ["override id=42"],
    note: "routeOverride matches digits",
  },
  {
    method: "GET",
    path: "/item/abc",
    status: 404,
    type: HTML,
    body: ["Fixture 404"],
    note: "routeOverride rejects non-digits",
  },
  {
    method: "GET",
    path: "/override",
    status: 404,
    type: HTML,
    body: ["Fixture 404"],
    note: "routeOverride replaces the file path",
  },
];

for (const row of ROUTES) {
  Deno.test(`${row.method} ${row.path} → ${row.status}: ${row.note}`, async () => {
    const res = await send(request(row.method, row.path), row.status === 500);
    const text = await res.text();
    assert.equal(res.status, row.status, text);
    if (row.type !== undefined) {
      assert.ok(
        res.headers.get("content-type")?.startsWith(row.type),
        `content-type ${res.headers.get("content-type")}`,
      );
    }
    for (const part of row.body ?? []) assert.ok(text.includes(part), part);
    for (const part of row.notBody ?? []) assert.ok(!text.includes(part), part);
    for (const [name, value] of Object.entries(row.headers ?? {})) {
      assert.equal(res.headers.get(name), value, name);
    }
    if (row.method === "HEAD") assert.equal(text, "");
  });
}

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
