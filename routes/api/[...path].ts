import { json } from "@/lib/http/api.ts";

// Unknown API paths answer in the API's JSON error shape, not the HTML 404 page.
export const handler = (req: Request) =>
  json({
    error: {
      code: "not_found",
      message: `No API route for ${req.method} ${new URL(req.url).pathname}`,
    },
  }, 404);
