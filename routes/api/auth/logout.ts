import { apiHandlers } from "@/lib/http/api.ts";
import { signOut } from "@/lib/http/sign_in.ts";

export const handler = apiHandlers({
  async POST(req, ctx) {
    const cookie = await signOut(req, ctx.state.sessionId);
    return new Response(null, {
      status: 204,
      headers: { "set-cookie": cookie },
    });
  },
});
