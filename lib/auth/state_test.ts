import assert from "node:assert/strict";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors.ts";
import {
  assertRole,
  assertSignedIn,
  type AuthState,
} from "@/lib/auth/state.ts";
import type { User } from "@/lib/auth/users.ts";

const user = (role: User["role"]): User => ({
  id: crypto.randomUUID(),
  email: `${role}@example.test`,
  username: role,
  role,
  time_zone: "UTC",
  created_at: new Date(),
});

Deno.test("assertSignedIn() returns the user of the state", () => {
  const teacher = user("teacher");
  const state: AuthState = { user: teacher, sessionId: crypto.randomUUID() };
  assert.equal(assertSignedIn({ state }), teacher);
});

Deno.test("assertSignedIn() throws UnauthorizedError when nobody is signed in", () => {
  assert.throws(
    () => assertSignedIn({ state: { user: null, sessionId: null } }),
    UnauthorizedError,
  );
  assert.throws(() => assertSignedIn({ state: {} }), UnauthorizedError);
});

Deno.test("assertRole() lets the role through and refuses others with ForbiddenError", () => {
  assertRole(user("teacher"), "teacher");
  assertRole(user("admin"), ["teacher", "admin"]);
  assert.throws(() => assertRole(user("student"), "teacher"), (err) => {
    assert.ok(err instanceof ForbiddenError);
    assert.equal(err.message, "Only teachers can do this");
    return true;
  });
  assert.throws(() => assertRole(user("admin"), "student"), {
    message: "Only students can do this",
  });
  assert.throws(() => assertRole(user("student"), ["teacher", "admin"]), {
    message: "Only teachers or admins can do this",
  });
});
