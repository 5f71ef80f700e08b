// The fixture app's handler and small request helpers for the runtime's tests.
import { createApp } from "$fresh/server.ts";
import manifest from "./fixture/fresh.gen.ts";

/** The fixture app (tests/fixture), built once per test file. */
export const app = await createApp(manifest, { plugins: [] }, { dev: false });

/** The content type of rendered pages. */
export const HTML = "text/html; charset=utf-8";

/** A request for the fixture app. */
export function request(
  method: string,
  path: string,
  init?: RequestInit,
): Request {
  return new Request(`http://localhost${path}`, { ...init, method });
}

/** Sends a request; console.error is muted when `quiet` (expected 500s). */
export async function send(req: Request, quiet = false): Promise<Response> {
  if (!quiet) return await app.handler(req);
  const original = console.error;
  console.error = () => {};
  try {
    return await app.handler(req);
  } finally {
    console.error = original;
  }
}

/** GETs a path and reads the body. */
export async function get(
  path: string,
): Promise<{ res: Response; html: string }> {
  const res = await send(request("GET", path));
  return { res, html: await res.text() };
}
