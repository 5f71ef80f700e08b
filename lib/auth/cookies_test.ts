import assert from "node:assert/strict";
import {
  clearSessionCookieHeader,
  readSessionToken,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  sessionCookieHeader,
  sessionCookieName,
} from "@/lib/auth/cookies.ts";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl-_";

const HTTPS = { secure: true };
const HTTP = { secure: false };

const attributes = (header: string) => header.split("; ").slice(1).sort();

Deno.test("sessionCookieHeader() sets a __Host- Secure cookie over HTTPS", () => {
  const header = sessionCookieHeader(TOKEN, {
    secure: true,
    maxAgeSeconds: 604_800,
  });
  assert.ok(header.startsWith(`__Host-talkroom_session=${TOKEN}; `), header);
  assert.deepEqual(attributes(header), [
    "HttpOnly",
    "Max-Age=604800",
    "Path=/",
    "SameSite=Lax",
    "Secure",
  ]);
  assert.doesNotMatch(header, /Domain=/i);
  assert.equal(sessionCookieName(true), SECURE_SESSION_COOKIE);
});

Deno.test("sessionCookieHeader() sets a plain cookie without Secure over HTTP", () => {
  const header = sessionCookieHeader(TOKEN, {
    secure: false,
    maxAgeSeconds: 60.9,
  });
  assert.ok(header.startsWith(`talkroom_session=${TOKEN}; `), header);
  assert.deepEqual(attributes(header), [
    "HttpOnly",
    "Max-Age=60",
    "Path=/",
    "SameSite=Lax",
  ]);
  assert.equal(sessionCookieName(false), SESSION_COOKIE);
});

Deno.test("sessionCookieHeader() refuses a token that could inject attributes", () => {
  assert.throws(
    () =>
      sessionCookieHeader("abc; Domain=evil.test", {
        secure: true,
        maxAgeSeconds: 1,
      }),
    TypeError,
  );
  assert.throws(
    () => sessionCookieHeader("", { secure: true, maxAgeSeconds: 1 }),
    TypeError,
  );
});

Deno.test("clearSessionCookieHeader() expires the cookie with the same name and attributes", () => {
  const secure = clearSessionCookieHeader({ secure: true });
  assert.ok(secure.startsWith("__Host-talkroom_session=; "), secure);
  assert.ok(attributes(secure).includes("Max-Age=0"));
  assert.ok(attributes(secure).includes("Secure"));
  assert.ok(attributes(secure).includes("Path=/"));
  assert.match(secure, /Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
  const plain = clearSessionCookieHeader({ secure: false });
  assert.ok(plain.startsWith("talkroom_session=; "), plain);
  assert.ok(!attributes(plain).includes("Secure"));
});

Deno.test("readSessionToken() reads Authorization: Bearer first", () => {
  const req = new Request("https://talkroom.test/api/me", {
    headers: {
      authorization: `Bearer ${TOKEN}`,
      cookie: `${SECURE_SESSION_COOKIE}=other.cookie.token`,
    },
  });
  assert.equal(readSessionToken(req, HTTPS), TOKEN);
  const lower = new Request("http://x/", {
    headers: { authorization: `bearer   ${TOKEN}` },
  });
  assert.equal(readSessionToken(lower, HTTP), TOKEN);
});

Deno.test("readSessionToken() never falls back to the cookie when a Bearer header is malformed", () => {
  for (const authorization of ["Bearer", "Bearer a b", "Bearer <script>"]) {
    const req = new Request("http://localhost/", {
      headers: { authorization, cookie: `${SESSION_COOKIE}=${TOKEN}` },
    });
    assert.equal(readSessionToken(req, HTTP), null, authorization);
  }
});

Deno.test("readSessionToken() reads the cookie when there is no Bearer header", () => {
  const plain = new Request("http://localhost:8000/", {
    headers: { cookie: `theme=dark;${SESSION_COOKIE}=${TOKEN} ; lang=en` },
  });
  assert.equal(readSessionToken(plain, HTTP), TOKEN);
  const secure = new Request("https://talkroom.test/", {
    headers: { cookie: `a=1; ${SECURE_SESSION_COOKIE}="${TOKEN}"` },
  });
  assert.equal(readSessionToken(secure, HTTPS), TOKEN);
  const basic = new Request("http://localhost/", {
    headers: {
      authorization: "Basic dXNlcjpwYXNz",
      cookie: `${SESSION_COOKIE}=${TOKEN}`,
    },
  });
  assert.equal(readSessionToken(basic, HTTP), TOKEN);
  // Chrome sends Secure cookies to http://localhost too.
  const local = new Request("http://localhost/", {
    headers: { cookie: `${SECURE_SESSION_COOKIE}=${TOKEN}` },
  });
  assert.equal(readSessionToken(local, HTTP), TOKEN);
});

Deno.test("readSessionToken() ignores a plain-named cookie on HTTPS, where it could be planted", () => {
  const req = new Request("https://talkroom.test/", {
    headers: { cookie: `${SESSION_COOKIE}=${TOKEN}` },
  });
  assert.equal(readSessionToken(req, HTTPS), null);
});

Deno.test("readSessionToken() behind a TLS proxy reads only the __Host- cookie, even after a planted plain one", () => {
  // The proxy speaks plain HTTP to the app: the URL says http, the origin is https.
  const planted = "planted.session.token";
  const req = (cookie: string) =>
    new Request("http://127.0.0.1:8000/bookings", { headers: { cookie } });
  assert.equal(
    readSessionToken(
      req(`${SESSION_COOKIE}=${planted}; ${SECURE_SESSION_COOKIE}=${TOKEN}`),
      HTTPS,
    ),
    TOKEN,
  );
  assert.equal(
    readSessionToken(req(`${SESSION_COOKIE}=${planted}`), HTTPS),
    null,
  );
});

Deno.test("readSessionToken() returns null without a usable token", () => {
  for (
    const cookie of [
      null,
      "",
      ";;;",
      "talkroom_session",
      "talkroom_session=",
      "talkroom_session=bad value",
      "xtalkroom_session=abc",
      "talkroom_session_old=abc",
    ]
  ) {
    const headers = new Headers();
    if (cookie !== null) headers.set("cookie", cookie);
    assert.equal(
      readSessionToken(new Request("http://localhost/", { headers }), HTTP),
      null,
      String(cookie),
    );
  }
});
