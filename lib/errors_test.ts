import assert from "node:assert/strict";
import {
  BadRequestError,
  ConflictError,
  errorResponse,
  jsonError,
  msg,
  PayloadTooLargeError,
  renderText,
  ServiceUnavailableError,
  TooManyRequestsError,
} from "@/lib/errors.ts";

// German writes 1.500 where English writes 1,500: a number in a message
// shows which locale it was said in (the catalogue has English words only).
const LIMITS = msg("error.field.between", { min: 1500, max: 2500 });

Deno.test("an error's message is its catalogue text in English; messageIn() says it in a locale", () => {
  const err = new ConflictError(LIMITS);
  assert.equal(err.message, "Between 1,500 and 2,500");
  assert.equal(err.messageIn("de-DE"), "Between 1.500 and 2.500");
  assert.deepEqual(err.text, LIMITS);
  // A fixed string (code not moved yet) reads the same in every locale.
  assert.equal(new ConflictError("Taken").messageIn("de-DE"), "Taken");
});

Deno.test("renderText() picks plural forms and says nested messages in the same locale", () => {
  const wait = (count: number) =>
    msg("error.throttle.login", {
      wait: msg("error.duration.minutes", { count }),
    });
  assert.equal(
    renderText(wait(1), "en-GB"),
    "Too many failed sign-in attempts: try again in 1 minute",
  );
  assert.equal(
    renderText(wait(15), "en-GB"),
    "Too many failed sign-in attempts: try again in 15 minutes",
  );
  assert.equal(
    renderText(wait(1500), "de-DE"),
    "Too many failed sign-in attempts: try again in 1.500 minutes",
  );
  assert.equal(
    new PayloadTooLargeError(1).message,
    "The body is larger than 1 byte",
  );
});

Deno.test("errorResponse() says the message and the fields in the request's locale", async () => {
  const err = new BadRequestError(LIMITS, { size: LIMITS, note: "Too long" });
  assert.deepEqual(err.fields, {
    size: "Between 1,500 and 2,500",
    note: "Too long",
  });
  assert.deepEqual(await errorResponse(err, "de-DE").json(), {
    error: {
      code: "invalid_request",
      message: "Between 1.500 and 2.500",
      fields: { size: "Between 1.500 and 2.500", note: "Too long" },
    },
  });
  // Without a locale: English, as before.
  assert.equal(
    (await errorResponse(err).json()).error.message,
    "Between 1,500 and 2,500",
  );
});

Deno.test("errorResponse() answers an app error with its status, code, message and fields", async () => {
  const res = errorResponse(
    new BadRequestError("Invalid request: notes: too long", {
      notes: "Too long",
    }),
  );
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.deepEqual(await res.json(), {
    error: {
      code: "invalid_request",
      message: "Invalid request: notes: too long",
      fields: { notes: "Too long" },
    },
  });
});

Deno.test("errorResponse() sends Retry-After for 429 and 503, and 413 for a large body", async () => {
  const throttled = errorResponse(new TooManyRequestsError("Slow down", 30));
  assert.equal(throttled.status, 429);
  assert.equal(throttled.headers.get("retry-after"), "30");
  const down = errorResponse(new ServiceUnavailableError());
  assert.equal(down.status, 503);
  assert.equal(down.headers.get("retry-after"), "5");
  assert.equal((await down.json()).error.code, "unavailable");
  const large = errorResponse(new PayloadTooLargeError(64 * 1024));
  assert.equal(large.status, 413);
  assert.deepEqual(await large.json(), {
    error: {
      code: "payload_too_large",
      message: "The body is larger than 64 KiB",
    },
  });
});

Deno.test("errorResponse() answers an unknown error with a generic 500 that holds nothing of it", async () => {
  const original = console.error;
  const logged: string[] = [];
  console.error = (line: string) => logged.push(line);
  try {
    const res = errorResponse(new Error("secret table users_x broke"));
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.ok(!text.includes("secret"), text);
    assert.equal(JSON.parse(text).error.code, "internal");
  } finally {
    console.error = original;
  }
  assert.match(logged[0], /api\.unhandled_error/);
});

Deno.test("jsonError() builds the same body for refusals that are not thrown", async () => {
  const res = jsonError(426, "upgrade_required", "Use a WebSocket");
  assert.equal(res.status, 426);
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.deepEqual(await res.json(), {
    error: { code: "upgrade_required", message: "Use a WebSocket" },
  });
});
