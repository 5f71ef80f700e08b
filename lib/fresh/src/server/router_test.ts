import assert from "node:assert/strict";
import {
  isStaticPattern,
  pathToPattern,
  Router,
  sortRoutePaths,
} from "./router.ts";

const PATTERNS: [path: string, pattern: string][] = [
  ["index", "/"],
  ["about", "/about"],
  ["blog/index", "/blog"],
  ["blog/[slug]", "/blog/:slug"],
  ["blog/[slug]/comments", "/blog/:slug/comments"],
  ["(marketing)/about", "/about"],
  ["(g)/index", "/"],
  ["(a)/(b)/x/(c)/[id]", "/x/:id"],
  ["docs/[...rest]", "/docs/:rest*"],
  ["[...rest]", "/:rest*"],
  ["foo/[[opt]]", "/foo{/:opt}?"],
  ["foo/[[a]]/bar/[[b]]", "/foo{/:a}?/bar{/:b}?"],
  ["[[lang]]/x", "/{:lang/}?x"],
  ["[[a]]/[[b]]/x", "/{:a/}?{:b/}?x"],
  ["[[lang]]", "/{:lang}?"],
  ["[[lang]]/index", "/{:lang}?"],
  ["[[a]]/[[b]]", "/{:a}?{/:b}?"],
  ["[[lang]]/[...rest]", "/{:lang}?/:rest*"],
  ["[mod]@[version]", "/:mod@:version"],
  ["[foo].json", "/:foo.json"],
  ["foo[bar]", "/foo:bar"],
  ["[id]-[slug]", "/:id-:slug"],
  ["[id]px", "/{:id}px"],
  ["a+b/c*d/e?f", "/a\\+b/c\\*d/e\\?f"],
  ["x(y)/{z}/a:b/c\\d", "/x\\(y\\)/\\{z\\}/a\\:b/c\\\\d"],
  ["index/x", "/index/x"],
  ["über", "/über"],
];

for (const [path, pattern] of PATTERNS) {
  Deno.test(`pathToPattern: "${path}" becomes "${pattern}"`, () => {
    assert.equal(pathToPattern(path), pattern);
  });
}

const INVALID = [
  "[a][b]",
  "foo/x[a][b]y",
  "foo/foo]",
  "foo/[foo]]",
  "foo/[foo",
  "foo/[]",
  "foo/[post-id]",
  "foo/x-[[name]]",
  "foo/[[name]]-x",
  "foo/[[name]]-x/baz",
  "foo/x[...rest]",
];

for (const path of INVALID) {
  Deno.test(`pathToPattern: "${path}" throws`, () => {
    assert.throws(() => pathToPattern(path), Error);
  });
}

Deno.test("pathToPattern: optional and catch-all patterns match the intended URLs", () => {
  const cases: [path: string, url: string, groups: Record<string, string>][] = [
    ["[[lang]]/x", "/x", {}],
    ["[[lang]]/x", "/en/x", { lang: "en" }],
    ["[[lang]]", "/", {}],
    ["[[lang]]", "/en", { lang: "en" }],
    ["docs/[...rest]", "/docs", {}],
    ["docs/[...rest]", "/docs/a/b", { rest: "a/b" }],
  ];
  for (const [path, url, groups] of cases) {
    const { params } = new Router([{ pattern: pathToPattern(path), value: 0 }])
      .match(url) ?? { params: null };
    assert.ok(params, `${path} should match ${url}`);
    for (const [k, v] of Object.entries(groups)) assert.equal(params[k], v);
  }
});

const EXAMPLE_ORDER = [
  "foo/_middleware",
  "foo/_layout",
  "foo/bar",
  "foo/index",
  "foo/bar/_middleware",
  "foo/bar/_layout",
  "foo/bar/index",
  "foo/bar/baz",
  "foo/bar/[...foo]",
  "foo/[id]",
  "foo/[...slug]",
];

Deno.test("sortRoutePaths: orders the reference example from a shuffled input", () => {
  const shuffled = [
    "foo/[...slug]",
    "foo/bar/_layout",
    "foo/bar",
    "foo/[id]",
    "foo/bar/index",
    "foo/index",
    "foo/bar/[...foo]",
    "foo/_layout",
    "foo/bar/baz",
    "foo/_middleware",
    "foo/bar/_middleware",
  ];
  assert.deepEqual(sortRoutePaths(shuffled), EXAMPLE_ORDER);
  assert.equal(shuffled[0], "foo/[...slug]", "input is not mutated");
});

Deno.test("sortRoutePaths: equally specific paths keep their input order", () => {
  const sorted = sortRoutePaths(EXAMPLE_ORDER.toReversed());
  assert.deepEqual(sorted, [
    "foo/_middleware",
    "foo/_layout",
    "foo/index",
    "foo/bar",
    "foo/bar/_middleware",
    "foo/bar/_layout",
    "foo/bar/baz",
    "foo/bar/index",
    "foo/bar/[...foo]",
    "foo/[id]",
    "foo/[...slug]",
  ]);
});

const ORDERINGS: [name: string, input: string[], expected: string[]][] = [
  [
    "static before param before catch-all at the root",
    ["[...rest]", "[id]", "about", "index"],
    ["about", "index", "[id]", "[...rest]"],
  ],
  [
    "static before param before catch-all two levels deep",
    ["a/b/[...rest]", "a/b/[id]", "a/b/c", "a/[x]/c", "a/b/index"],
    ["a/b/c", "a/b/index", "a/b/[id]", "a/b/[...rest]", "a/[x]/c"],
  ],
  [
    "static before param before catch-all three levels deep",
    ["a/b/c/[...r]", "a/b/c/[id]", "a/b/c/d", "a/b/[c]/d"],
    ["a/b/c/d", "a/b/c/[id]", "a/b/c/[...r]", "a/b/[c]/d"],
  ],
  [
    "optional params rank like params",
    ["foo/[...rest]", "foo/[[opt]]", "foo/bar"],
    ["foo/bar", "foo/[[opt]]", "foo/[...rest]"],
  ],
  [
    "mixed segments rank between literals and params",
    ["api/[id]", "api/[id].json", "api/list"],
    ["api/list", "api/[id].json", "api/[id]"],
  ],
  [
    "group folders do not count as segments",
    ["(g)/[...rest]", "[id]", "(marketing)/about", "(g)/(h)/_middleware"],
    ["(g)/(h)/_middleware", "(marketing)/about", "[id]", "(g)/[...rest]"],
  ],
  [
    "_app comes first, then middleware, then other underscore files",
    ["about", "_layout", "_middleware", "_app", "_404"],
    ["_app", "_middleware", "_layout", "_404", "about"],
  ],
];

for (const [name, input, expected] of ORDERINGS) {
  Deno.test(`sortRoutePaths: ${name}`, () => {
    assert.deepEqual(sortRoutePaths(input), expected);
  });
}

Deno.test("isStaticPattern: only patterns without URLPattern syntax are static", () => {
  assert.equal(isStaticPattern("/"), true);
  assert.equal(isStaticPattern("/about/team"), true);
  assert.equal(isStaticPattern("/a.json"), true);
  for (const p of ["/:id", "/a*", "/{a}?", "/a+", "/(a)", "/a\\+b"]) {
    assert.equal(isStaticPattern(p), false, p);
  }
});

function routerFor(paths: string[]): Router<string> {
  return new Router(
    sortRoutePaths(paths).map((p) => ({ pattern: pathToPattern(p), value: p })),
  );
}

const MATCHES: [
  name: string,
  paths: string[],
  url: string,
  value: string | null,
  params?: Record<string, string>,
][] = [
  ["a literal beats a param", BOOKS(), "/books/new", "books/new", {}],
  ["a param beats a catch-all", BOOKS(), "/books/42", "books/[id]", {
    id: "42",
  }],
  [
    "a catch-all takes several segments",
    BOOKS(),
    "/books/a/b/c",
    "books/[...rest]",
    {
      rest: "a/b/c",
    },
  ],
  ["index matches its folder", BOOKS(), "/books", "books/index", {}],
  [
    "a catch-all matches zero segments",
    ["old/[...rest]"],
    "/old",
    "old/[...rest]",
    {
      rest: "",
    },
  ],
  [
    "params are percent-decoded",
    ["greet/[name]"],
    "/greet/J%C3%B6rg",
    "greet/[name]",
    {
      name: "Jörg",
    },
  ],
  [
    "an encoded slash is decoded inside one param",
    ["files/[name]"],
    "/files/a%2Fb",
    "files/[name]",
    {
      name: "a/b",
    },
  ],
  [
    "a malformed escape is left raw",
    ["greet/[name]"],
    "/greet/100%",
    "greet/[name]",
    {
      name: "100%",
    },
  ],
  [
    "an optional segment can be present",
    ["[[lang]]/about"],
    "/de/about",
    "[[lang]]/about",
    {
      lang: "de",
    },
  ],
  [
    "an absent optional segment is an empty param",
    ["[[lang]]/about"],
    "/about",
    "[[lang]]/about",
    {
      lang: "",
    },
  ],
  [
    "a mixed segment extracts both params",
    ["[mod]@[version]"],
    "/preact@10.19.2",
    "[mod]@[version]",
    {
      mod: "preact",
      version: "10.19.2",
    },
  ],
  ["a literal suffix is required", ["data/[name].json"], "/data/x.txt", null],
  [
    "a non-ASCII static route matches the encoded pathname",
    ["über"],
    "/%C3%BCber",
    "über",
    {},
  ],
  ["escaped syntax characters match literally", ["c++"], "/c++", "c++", {}],
  ["no route matches", BOOKS(), "/authors", null],
  ["a trailing slash is not the same path", ["about"], "/about/", null],
];

function BOOKS(): string[] {
  return ["books/[...rest]", "books/[id]", "books/new", "books/index"];
}

for (const [name, paths, url, value, params] of MATCHES) {
  Deno.test(`Router: ${name} (${url})`, () => {
    const match = routerFor(paths).match(url);
    if (value === null) return assert.equal(match, null);
    assert.ok(match);
    assert.equal(match.value, value);
    assert.equal(match.route, pathToPattern(value));
    assert.deepEqual(match.params, params);
  });
}

Deno.test("Router: a routeOverride with a regex only matches digits", () => {
  const router = new Router([
    { pattern: "/books/:id(\\d+)", value: "numeric" },
    { pattern: "/books/:slug", value: "slug" },
  ]);
  assert.deepEqual(router.match("/books/123"), {
    value: "numeric",
    params: { id: "123" },
    route: "/books/:id(\\d+)",
  });
  assert.equal(router.match("/books/abc")?.value, "slug");
});

Deno.test("Router: entry order wins even when a dynamic entry precedes a static one", () => {
  const router = new Router([
    { pattern: "/:any", value: "dynamic" },
    { pattern: "/about", value: "static" },
    { pattern: "/about", value: "duplicate" },
  ]);
  assert.equal(router.match("/about")?.value, "dynamic");
  const reordered = new Router([
    { pattern: "/about", value: "static" },
    { pattern: "/:any", value: "dynamic" },
    { pattern: "/about", value: "duplicate" },
  ]);
  assert.equal(reordered.match("/about")?.value, "static");
  assert.equal(reordered.match("/x")?.value, "dynamic");
});

Deno.test("Router: unnamed regex groups are reported by index", () => {
  const router = new Router([{ pattern: "/files/(.*)", value: 1 }]);
  assert.deepEqual(router.match("/files/a/b")?.params, { 0: "a/b" });
});

Deno.test("Router: an invalid pattern throws TypeError at construction", () => {
  assert.throws(
    () => new Router([{ pattern: "/:id(", value: 1 }]),
    TypeError,
  );
});
