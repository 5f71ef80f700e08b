/**
 * Test helpers of the runtime: serve an app on a free local port, and launch
 * Debian's Chromium for the hydration test.
 * @module
 */
import assert from "node:assert/strict";
import {
  type Browser,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { createApp } from "../server.ts";
import type { FreshConfig, Manifest } from "../server.ts";

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

/** Headless Chromium from `CHROMIUM_PATH`, else `/usr/bin/chromium`. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
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

/** Polls until the locator's text equals `expected`, then asserts it. */
export async function assertText(
  locator: Locator,
  expected: string,
  timeout = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  let actual = await locator.textContent();
  while (actual !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    actual = await locator.textContent();
  }
  assert.equal(actual, expected);
}
