// Routing of the Fresh-compatible runtime, one row per behaviour, tested with
// real Requests against the fixture app in tests/fixture.
import assert from "node:assert/strict";
import { HTML, request, send } from "./_fixture_app.ts";

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
