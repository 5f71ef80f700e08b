import assert from "node:assert/strict";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  TooManyRequestsError,
} from "@/lib/errors.ts";
import {
  type FormProblem,
  formProblem,
  withFormErrors,
} from "@/lib/http/pages.ts";

const shown: FormProblem[] = [];
const rerender = (problem: FormProblem) => {
  shown.push(problem);
  return new Response("form", { status: problem.status });
};

Deno.test("formProblem() puts field errors on the fields and other messages on the form", () => {
  const fields = formProblem(
    new BadRequestError("Invalid form: notes: too long", { notes: "Too long" }),
  );
  assert.equal(fields.status, 400);
  assert.deepEqual(fields.fields, { notes: "Too long" });
  assert.equal(fields.message, null);
  const whole = formProblem(new ConflictError("Cannot book slot: it is taken"));
  assert.equal(whole.status, 409);
  assert.deepEqual(whole.fields, {});
  assert.equal(whole.message, "Cannot book slot: it is taken");
});

Deno.test("withFormErrors() answers the action's response when it succeeds", async () => {
  const res = await withFormErrors(
    () => Promise.resolve(new Response(null, { status: 303 })),
    rerender,
  );
  assert.equal(res.status, 303);
});

Deno.test("withFormErrors() re-renders the form for the errors it shows, with their headers", async () => {
  shown.length = 0;
  const res = await withFormErrors(() => {
    throw new ConflictError("Cannot cancel booking: it has started");
  }, rerender);
  assert.equal(res.status, 409);
  assert.equal(shown[0].message, "Cannot cancel booking: it has started");
  const throttled = await withFormErrors(
    () => Promise.reject(new TooManyRequestsError("Too many attempts", 60)),
    rerender,
    [TooManyRequestsError],
  );
  assert.equal(throttled.status, 429);
  assert.equal(throttled.headers.get("retry-after"), "60");
});

Deno.test("withFormErrors() lets every other error through to the error pages", async () => {
  await assert.rejects(
    withFormErrors(() => Promise.reject(new ForbiddenError()), rerender),
    ForbiddenError,
  );
  const crash = new TypeError("bug");
  await assert.rejects(
    withFormErrors(() => Promise.reject(crash), rerender),
    crash,
  );
});
