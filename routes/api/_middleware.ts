import type { FreshContext } from "$fresh/server.ts";
import { errorResponse, jsonError } from "@/lib/errors.ts";
import type { State } from "@/lib/http/api.ts";

// The API's one error mapping: routes throw the app's errors and this turns
// any of them into the JSON error body with its status (an unknown error is
// logged and answered as a generic 500). API answers are never cached, and
// even the runtime's bare 405 speaks the API's JSON error shape.
export async function handler(req: Request, ctx: FreshContext<State>) {
  let res: Response;
  try {
    res = await ctx.next();
  } catch (err) {
    return errorResponse(err, ctx.state.locale);
  }
  if (res.status === 101) return res;
  if (res.status === 405 && !res.headers.get("content-type")) {
    const allow = res.headers.get("allow") ?? "";
    return jsonError(
      405,
      "method_not_allowed",
      `${req.method} is not allowed here; use ${allow || "another method"}`,
      { allow },
    );
  }
  if (!res.headers.has("cache-control")) {
    res.headers.set("cache-control", "no-store");
  }
  return res;
}
