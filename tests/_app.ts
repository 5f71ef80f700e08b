// The whole app in-process for route tests: an isolated database, the app
// context, and the Fresh handler, driven with real Requests.
import { createApp } from "$fresh/server.ts";
import manifest from "@/fresh.gen.ts";
import freshConfig from "@/fresh.config.ts";
import { loadConfig } from "@/lib/config.ts";
import { setAppContext } from "@/lib/context.ts";
import {
  openTestDatabase,
  TEST_PASSWORD,
  type TestDatabase,
} from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";
import { createSession } from "@/lib/auth/session.ts";
import { SignalingHub } from "@/lib/signaling/hub.ts";
import { MemoryBus } from "@/lib/signaling/bus.ts";

/** Origin of the requests the helpers make. */
export const ORIGIN = "http://localhost:8000";

/** A running in-process app. */
export interface TestApp extends TestDatabase {
  handler: (req: Request) => Promise<Response>;
  jwtSecret: Uint8Array;
  signaling: SignalingHub;
  /** Sends a request to a path, as a same-origin browser would. */
  request(
    path: string,
    init?: RequestInit & { token?: string; cookie?: string },
  ): Promise<Response>;
  /** A session token for a user, without going through the login form. */
  tokenFor(user: User): Promise<string>;
}

/**
 * Starts the app on an isolated database (one per test file): PostgreSQL at
 * TEST_DATABASE_URL when set, else PGlite; `url: null` forces PGlite.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { url?: string | null } = {},
): Promise<TestApp> {
  const database = await openTestDatabase(options.url);
  const jwtSecret = crypto.getRandomValues(new Uint8Array(32));
  const signaling = new SignalingHub(database.db, new MemoryBus());
  setAppContext({
    db: database.db,
    config: loadConfig(env),
    jwtSecret,
    signaling,
  });
  // Bundles are built from source into memory; a stale _fresh/ is never used.
  const outDir = await Deno.makeTempDir();
  await Deno.remove(outDir);
  const app = await createApp(manifest, { ...freshConfig, build: { outDir } });
  const info = {
    remoteAddr: {
      transport: "tcp" as const,
      hostname: "127.0.0.1",
      port: 40000,
    },
  };
  const handler = (req: Request) => app.handler(req, info);
  return {
    ...database,
    async close() {
      await signaling.shutdown();
      await database.close();
    },
    signaling,
    handler,
    jwtSecret,
    request(path, init = {}) {
      const { token, cookie, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set("cookie", `talkroom_session=${token}`);
      if (cookie) headers.set("cookie", cookie);
      const method = (rest.method ?? "GET").toUpperCase();
      if (!["GET", "HEAD"].includes(method) && !headers.has("origin")) {
        headers.set("origin", ORIGIN);
      }
      return handler(new Request(new URL(path, ORIGIN), { ...rest, headers }));
    },
    async tokenFor(user) {
      return (await createSession(database.db, jwtSecret, user.id)).token;
    },
  };
}

export { TEST_PASSWORD };

/** Posts an urlencoded form, as a browser submitting it would. */
export function postForm(
  app: TestApp,
  path: string,
  fields: Record<string, string>,
  token?: string,
): Promise<Response> {
  return app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    token,
  });
}
