// Teacher photo renditions by content hash: the URL changes with the
// bytes, so they are cached for a year.
import type { Handlers } from "$fresh/server.ts";
import type { State } from "@/lib/http/api.ts";
import { msg, NotFoundError } from "@/lib/errors.ts";
import { getPhoto } from "@/lib/profiles/photos.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const match = /^([0-9a-f]{64})\.jpg$/.exec(ctx.params.file);
    const photo = match ? await getPhoto(ctx.state.db, match[1]) : null;
    if (!photo) throw new NotFoundError(msg("error.photo.notFound"));
    return new Response(photo.bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": photo.mime,
        "content-length": String(photo.bytes.byteLength),
        "cache-control": "public, max-age=31536000, immutable",
        "etag": `"${match![1]}"`,
        "x-content-type-options": "nosniff",
      },
    });
  },
};
