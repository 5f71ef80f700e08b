import { NotFoundError } from "@/lib/errors.ts";

// Unknown API paths answer in the API's JSON error shape, not the HTML 404 page.
export const handler = (req: Request) => {
  throw new NotFoundError(
    `No API route for ${req.method} ${new URL(req.url).pathname}`,
  );
};
