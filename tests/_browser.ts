/**
 * Helpers for the browser tests in tests/: launch Debian's Chromium through
 * playwright-core, serve an app on a free local port, and record page errors.
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";
import { createApp } from "$fresh/server.ts";
import type { FreshConfig, Manifest } from "$fresh/server.ts";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // For the call tests: camera and microphone backed by fake devices.
  "--use-fake-device-for-media-stream",
];

/** How the call tests and benchmarks want their browser. */
export interface BrowserOptions {
  /**
   * Grant camera and microphone without asking (default true); false leaves
   * it to the context's permissions, so one not granted is refused, as a
   * participant's "Block" would.
   */
  fakeUi?: boolean;
  /** A Y4M file the fake camera plays instead of its test pattern. */
  cameraFile?: string;
}

/**
 * Launches headless Chromium from `CHROMIUM_PATH` or `/usr/bin/chromium`.
 * @throws Error when no browser exists at that path.
 */
export async function launchBrowser(
  options: BrowserOptions = {},
): Promise<Browser> {
  const path = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";
  try {
    await Deno.stat(path);
  } catch {
    throw new Error(
      `Chromium not found at ${path}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  const args = [...CHROMIUM_ARGS];
  if (options.fakeUi ?? true) args.push("--use-fake-ui-for-media-stream");
  if (options.cameraFile) {
    args.push(`--use-file-for-fake-video-capture=${options.cameraFile}`);
  }
  return await chromium.launch({ executablePath: path, headless: true, args });
}

/** A running app server; `close()` stops it and waits until it has. */
export interface ServedApp {
  origin: string;
  close(): Promise<void>;
}

/**
 * Builds an app (production mode) from a manifest, or the URL of a module
 * whose default export is one, and serves it on 127.0.0.1 at a free port.
 * The islands are always bundled from source: a prebuilt `_fresh/` left by
 * `deno task build` could be older than the code under test.
 */
export async function serveApp(
  manifest: Manifest | URL | string,
  config: FreshConfig = {},
): Promise<ServedApp> {
  const resolved: Manifest = typeof manifest === "string" ||
      manifest instanceof URL
    ? (await import(String(manifest))).default
    : manifest;
  const noBuild = await Deno.makeTempDir({ prefix: "fresh_test_" });
  let app;
  try {
    app = await createApp(resolved, {
      ...config,
      build: { ...config.build, outDir: `${noBuild}/_fresh` },
    }, { dev: false });
  } catch (err) {
    await Deno.remove(noBuild, { recursive: true });
    throw err;
  }
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    app.handler,
  );
  return {
    origin: `http://127.0.0.1:${server.addr.port}`,
    async close() {
      await server.shutdown();
      await Deno.remove(noBuild, { recursive: true });
    },
  };
}

/**
 * Records uncaught page exceptions and `console.error` messages of a page.
 * Assert the returned array is empty once the page has done its work.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const { url } = msg.location();
    // Chromium fetches /favicon.ico on its own; a 404 there is not the page's.
    if (url && new URL(url).pathname === "/favicon.ico") return;
    errors.push(`console.error: ${msg.text()}${url ? ` (${url})` : ""}`);
  });
  return errors;
}
