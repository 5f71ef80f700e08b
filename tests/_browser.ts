/**
 * Helpers for the browser tests in tests/: launch Debian's Chromium through
 * playwright-core, serve an app on a free local port, and record page errors.
 * @module
 */
import { type Browser, chromium } from "playwright-core";
export {
  collectPageErrors,
  serveApp,
  type ServedApp,
} from "$fresh/tests/_serve.ts";

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
