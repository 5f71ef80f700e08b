import type { FreshContext } from "$fresh/server.ts";

// API answers are never cached, and even the runtime's bare 405 speaks the
// API's JSON error shape.
export async function handler(req: Request, ctx: FreshContext) {
  const res = await ctx.next();
  if (res.status === 101) return res;
  if (res.status === 405 && !res.headers.get("content-type")) {
    const allow = res.headers.get("allow") ?? "";
    return Response.json({
      error: {
        code: "method_not_allowed",
        message: `${req.method} is not allowed here; use ${
          allow || "another method"
        }`,
      },
    }, { status: 405, headers: { allow, "cache-control": "no-store" } });
  }
  if (!res.headers.has("cache-control")) {
    res.headers.set("cache-control", "no-store");
  }
  return res;
}
