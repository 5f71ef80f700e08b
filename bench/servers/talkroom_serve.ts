// Talkroom for `deno serve --parallel`: every worker runs this module, opens
// its own database pool and serves the same app handler. main.ts has no
// `deno serve` entry of its own; this shows what one would give.
import { createHandler } from "$fresh/server.ts";
import manifest from "@/fresh.gen.ts";
import config from "@/fresh.config.ts";
import { getConfig } from "@/lib/config.ts";
import { startServices } from "@/lib/startup.ts";

await startServices(getConfig());
const outDir = Deno.env.get("BENCH_FRESH_DIR");
const handler = await createHandler(manifest, {
  ...config,
  ...(outDir ? { build: { ...config.build, outDir } } : {}),
});

export default {
  fetch: (req, info) =>
    handler(req, info as Deno.ServeHandlerInfo<Deno.NetAddr>),
} satisfies Deno.ServeDefaultExport;
