import assert from "node:assert/strict";
import {
  isVisibleName,
  loginSchema,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  registerSchema,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
} from "@/lib/auth/schemas.ts";
import { renderText } from "@/lib/errors.ts";
import { issueText } from "@/lib/http/validate.ts";

const valid = {
  email: " Ada@Example.test ",
  password: "violet kettle 1843",
  username: " Ada ",
  role: "teacher",
  time_zone: "europe/london",
};

const issues = (input: unknown) => {
  const result = registerSchema.safeParse(input);
  return result.success ? {} : Object.fromEntries(
    result.error.issues.map((i) => [
      i.path.join("."),
      renderText(issueText(i), "en"),
    ]),
  );
};

Deno.test("registerSchema trims, and canonicalises the time zone", () => {
  assert.deepEqual(registerSchema.parse(valid), {
    email: "Ada@Example.test",
    password: "violet kettle 1843",
    username: "Ada",
    role: "teacher",
    time_zone: "Europe/London",
  });
  const { time_zone: _, ...noZone } = valid;
  assert.equal(registerSchema.parse(noZone).time_zone, undefined);
});

Deno.test("registerSchema holds the one set of limits", () => {
  assert.equal(PASSWORD_MIN_LENGTH, 10);
  assert.equal(PASSWORD_MAX_LENGTH, 200);
  assert.equal(USERNAME_MIN_LENGTH, 2);
  assert.equal(USERNAME_MAX_LENGTH, 40);
  const at = (password: string, username = "Ada") =>
    issues({ ...valid, password, username });
  assert.ok(at("violet-k18").password === undefined);
  assert.ok(at("violet-k1").password);
  assert.ok(at("v".repeat(70) + "-kettle-".repeat(17)).password);
  assert.equal(
    at("violet kettle 1843", "A").username,
    "Use at least 2 characters",
  );
  assert.equal(
    at("violet kettle 1843", "A".repeat(41)).username,
    "Use at most 40 characters",
  );
  assert.ok(!at("violet kettle 1843", "A".repeat(40)).username);
  assert.equal(
    loginSchema.safeParse({ email: "a@b.test", password: "x".repeat(201) })
      .success,
    false,
  );
});

Deno.test("registerSchema refuses the admin role and other unknown roles", () => {
  for (const role of ["admin", "wizard", ""]) {
    assert.equal(
      issues({ ...valid, role }).role,
      'Must be "student" or "teacher"',
      role,
    );
  }
});

Deno.test("registerSchema refuses common passwords and ones holding the email or name", () => {
  assert.match(
    issues({ ...valid, password: "password123" }).password,
    /too common/,
  );
  assert.match(
    issues({ ...valid, password: "ada@example!!" }).password,
    /email/,
  );
  assert.match(
    issues({ ...valid, username: "Violet Kettle", email: "vk@example.test" })
      .password,
    /name/,
  );
});

Deno.test("registerSchema refuses an unknown time zone and a bad email", () => {
  assert.equal(
    issues({ ...valid, time_zone: "Mars/Olympus_Mons" }).time_zone,
    "Choose a time zone from the list",
  );
  assert.ok(issues({ ...valid, email: "not-an-email" }).email);
});

Deno.test("registerSchema refuses invisible names and names with control characters", () => {
  for (
    const username of [
      "\u200b\u200b\u200b", // zero-width spaces
      "\u3164\u3164", // Hangul filler
      "\u2800\u2800", // braille blank
      "Ada\u0000",
      "Ada\nLovelace",
      "Ada\u0007",
      "Ada\u202eecalevol", // right-to-left override
      "Ada\u200d",
      "\u00ad\u00ad", // soft hyphens
      "  \u2028  ",
      "\u115f\u1160",
    ]
  ) {
    assert.equal(isVisibleName(username), false, JSON.stringify(username));
    assert.ok(
      issues({ ...valid, username }).username,
      JSON.stringify(username),
    );
  }
  for (
    const username of [
      "Ada",
      "Zoë Ångström",
      "李小龍",
      "Ada 🎻",
      "O'Brien",
      "Jean-Luc",
    ]
  ) {
    assert.equal(isVisibleName(username), true, username);
  }
});
