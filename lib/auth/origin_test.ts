import assert from "node:assert/strict";
import {
  checkSameOrigin,
  hasBearerAuth,
  isUnsafeMethod,
} from "@/lib/auth/origin.ts";

const post = (url: string, headers: Record<string, string>) =>
  new Request(url, { method: "POST", headers });

Deno.test("checkSameOrigin() follows the Origin and Sec-Fetch-Site rules", () => {
  const cases: [
    string,
    string,
    string | null,
    Record<string, string>,
    boolean,
  ][] = [
    ["same origin", "http://localhost:8000/login", null, {
      origin: "http://localhost:8000",
    }, true],
    ["other origin", "http://localhost:8000/login", null, {
      origin: "https://evil.test",
    }, false],
    ["other port", "http://localhost:8000/login", null, {
      origin: "http://localhost:8001",
    }, false],
    ["other scheme", "https://talkroom.test/login", null, {
      origin: "http://talkroom.test",
    }, false],
    ["sibling subdomain", "https://talkroom.test/x", null, {
      origin: "https://a.talkroom.test",
    }, false],
    [
      '"null" origin',
      "http://localhost:8000/login",
      null,
      { origin: "null" },
      false,
    ],
    ["garbage origin", "http://localhost:8000/login", null, {
      origin: "not a url",
    }, false],
    ["origin with a path", "http://localhost:8000/x", null, {
      origin: "http://localhost:8000/evil",
    }, false],
    ["APP_ORIGIN matches", "http://10.0.0.5:8000/x", "https://talkroom.test", {
      origin: "https://talkroom.test",
    }, true],
    [
      "APP_ORIGIN differs from the URL",
      "http://10.0.0.5:8000/x",
      "https://talkroom.test",
      {
        origin: "http://10.0.0.5:8000",
      },
      false,
    ],
    ["origin wins over sec-fetch-site", "http://localhost:8000/x", null, {
      origin: "https://evil.test",
      "sec-fetch-site": "same-origin",
    }, false],
    ["missing origin, same-origin fetch", "http://localhost:8000/x", null, {
      "sec-fetch-site": "same-origin",
    }, true],
    ["missing origin, user-initiated", "http://localhost:8000/x", null, {
      "sec-fetch-site": "none",
    }, true],
    ["missing origin, cross-site", "http://localhost:8000/x", null, {
      "sec-fetch-site": "cross-site",
    }, false],
    ["missing origin, same-site", "http://localhost:8000/x", null, {
      "sec-fetch-site": "same-site",
    }, false],
    ["missing both (curl, scripts)", "http://localhost:8000/x", null, {}, true],
  ];
  for (const [name, url, appOrigin, headers, expected] of cases) {
    assert.equal(
      checkSameOrigin(post(url, headers), appOrigin),
      expected,
      name,
    );
  }
});

Deno.test("checkSameOrigin() also checks GET requests such as WebSocket upgrades", () => {
  const upgrade = new Request("http://localhost:8000/api/bookings/1/signal", {
    headers: { origin: "https://evil.test", upgrade: "websocket" },
  });
  assert.equal(checkSameOrigin(upgrade, null), false);
});

Deno.test("isUnsafeMethod() is true for POST, PUT, PATCH and DELETE only", () => {
  for (const m of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
    assert.equal(isUnsafeMethod(m), true, m);
  }
  for (const m of ["GET", "HEAD", "OPTIONS"]) {
    assert.equal(isUnsafeMethod(m), false, m);
  }
});

Deno.test("hasBearerAuth() spots an Authorization: Bearer header, well-formed or not", () => {
  const withAuth = (authorization?: string) =>
    new Request("http://x/", {
      headers: authorization ? { authorization } : {},
    });
  assert.equal(hasBearerAuth(withAuth("Bearer abc.def.ghi")), true);
  assert.equal(hasBearerAuth(withAuth("bearer x")), true);
  assert.equal(hasBearerAuth(withAuth("Bearer")), true);
  assert.equal(hasBearerAuth(withAuth("Basic dXNlcjpwYXNz")), false);
  assert.equal(hasBearerAuth(withAuth("Bearerish x")), false);
  assert.equal(hasBearerAuth(withAuth()), false);
});
