import type { FreshContext } from "$fresh/server.ts";

// API answers are never cached by browsers or proxies.
export async function handler(_req: Request, ctx: FreshContext) {
  const res = await ctx.next();
  if (!res.headers.has("cache-control") && res.status !== 101) {
    res.headers.set("cache-control", "no-store");
  }
  return res;
}
