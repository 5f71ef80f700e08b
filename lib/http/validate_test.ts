import assert from "node:assert/strict";
import { z } from "zod";
import { BadRequestError } from "@/lib/errors.ts";
import { issue, validate } from "@/lib/http/validate.ts";

const schema = z.object({
  name: z.string().min(1, issue("error.field.minLength")).max(
    40,
    issue("error.field.maxLength"),
  ),
  size: z.number().max(
    2500,
    issue("error.field.between", { min: 1500, max: 2500 }),
  ),
});

function refusal(value: unknown, what?: "form"): BadRequestError {
  try {
    validate(schema, value, what);
  } catch (err) {
    if (err instanceof BadRequestError) return err;
    throw err;
  }
  throw new Error("validate() accepted the value");
}

Deno.test("validate() words a limit's message with the limit, as a plural", () => {
  const err = refusal({ name: "", size: 1 });
  assert.equal(err.fields.name, "Use at least 1 character");
  assert.equal(
    refusal({ name: "x".repeat(41), size: 1 }).fields.name,
    "Use at most 40 characters",
  );
  assert.equal(
    err.message,
    "Invalid request: name: Use at least 1 character",
  );
});

Deno.test("validate()'s refusal says its message and fields in any locale", () => {
  const err = refusal({ name: "Ada", size: 3000 }, "form");
  assert.equal(err.message, "Invalid form: size: Between 1,500 and 2,500");
  assert.equal(
    err.messageIn("de-DE"),
    "Invalid form: size: Between 1.500 and 2.500",
  );
  assert.deepEqual(err.fieldsIn("de-DE"), { size: "Between 1.500 and 2.500" });
});

Deno.test("validate() keeps zod's own words for a check without a message", () => {
  const err = refusal({ name: "Ada", size: "big" });
  assert.match(err.fields.size, /number/);
});
