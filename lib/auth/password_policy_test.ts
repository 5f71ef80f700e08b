import assert from "node:assert/strict";
import { passwordProblem } from "@/lib/auth/password_policy.ts";

const ada = { email: "ada.lovelace@example.test", username: "Ada Lovelace" };

Deno.test("passwordProblem() refuses common passwords in any case", () => {
  for (
    const password of [
      "password123",
      "Password123",
      "qwertyuiop",
      "1234567890",
      "iloveyou12",
    ]
  ) {
    assert.match(passwordProblem(password, ada) ?? "", /common$/, password);
  }
});

Deno.test("passwordProblem() refuses passwords containing the email's local part or the name", () => {
  assert.match(
    passwordProblem("my-Ada.Lovelace-2024", ada) ?? "",
    /email$/,
  );
  assert.equal(
    passwordProblem("xx adalovelace xx", ada),
    "error.password.name",
  );
  assert.equal(
    passwordProblem("Ada Lovelace rocks", {
      ...ada,
      email: "x@example.test",
    }),
    "error.password.name",
  );
});

Deno.test("passwordProblem() accepts an uncommon password, and ignores parts too short to matter", () => {
  assert.equal(passwordProblem("violet kettle 1843", ada), null);
  assert.equal(
    passwordProblem("albatross-tea-party", {
      email: "al@example.test",
      username: "Al",
    }),
    null,
  );
});
