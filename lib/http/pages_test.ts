import assert from "node:assert/strict";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  msg,
  PayloadTooLargeError,
  TooManyRequestsError,
} from "@/lib/errors.ts";
import {
  type FormProblem,
  formProblem,
  pageErrorResponse,
  type RefusalPageData,
  withFormErrors,
} from "@/lib/http/pages.ts";

import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";

// A number in the message shows the locale it was said in (1.500 in German).
const LIMITS = msg("error.field.between", { min: 1500, max: 2500 });

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
    DEFAULT_LOCALE,
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

Deno.test("formProblem() and withFormErrors() say the problem in the given locale", async () => {
  const fields = formProblem(
    new BadRequestError(LIMITS, { size: LIMITS }),
    "de-DE",
  );
  assert.deepEqual(fields.fields, { size: "Between 1.500 and 2.500" });
  assert.equal(
    formProblem(new ConflictError(LIMITS)).message,
    "Between 1,500 and 2,500",
  );
  shown.length = 0;
  await withFormErrors(
    () => Promise.reject(new ConflictError(LIMITS)),
    rerender,
    "de-DE",
  );
  assert.equal(shown[0].message, "Between 1.500 and 2.500");
});

Deno.test("pageErrorResponse() says a refusal in the locale on ctx.state", async () => {
  let data: unknown;
  const ctx = {
    url: new URL("http://localhost/bookings"),
    renderNotFound: (d?: unknown) => {
      data = d;
      return Promise.resolve(new Response("page", { status: 403 }));
    },
    state: { locale: "de-DE" },
  };
  const res = await pageErrorResponse(ctx, new ForbiddenError(LIMITS));
  assert.equal(res.status, 403);
  assert.equal((data as RefusalPageData).message, "Between 1.500 and 2.500");
  // Before the middleware set a locale: English.
  const large = await pageErrorResponse(
    { ...ctx, state: {} },
    new PayloadTooLargeError(64 * 1024),
  );
  assert.equal(await large.text(), "The body is larger than 64 KiB");
});
