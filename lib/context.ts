// The process-wide services routes use: the database and the configuration.
// main.ts sets it once at start; tests set it with an isolated database.
import type { Database } from "@/lib/db/connection.ts";
import type { Config } from "@/lib/config.ts";
import type { SignalingHub } from "@/lib/signaling/hub.ts";

/** What request handlers need besides the request. */
export interface AppContext {
  db: Database;
  config: Config;
  /** HMAC key for session tokens. */
  jwtSecret: Uint8Array;
  /** The signaling relay of this instance. */
  signaling: SignalingHub;
}

let current: AppContext | null = null;

/** Installs the services for this process. */
export function setAppContext(context: AppContext): void {
  current = context;
}

/**
 * The services for this process.
 * @throws {Error} when called before setAppContext()
 */
export function appContext(): AppContext {
  if (!current) {
    throw new Error("App context used before setAppContext() was called");
  }
  return current;
}
