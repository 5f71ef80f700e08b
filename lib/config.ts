// Configuration from the environment, validated once at start. A bad value
// stops the server with a message naming the variable.
import { z } from "zod";

const iceServer = z.object({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

/** The app's configuration. */
export interface Config {
  port: number;
  /** Address to listen on (default all interfaces). */
  hostname: string;
  /** How many reverse proxies in front add X-Forwarded-For (0: none trusted). */
  trustProxyHops: number;
  dataDir: string;
  databaseUrl: string | null;
  jwtSecret: string | null;
  appOrigin: string | null;
  iceServers: RTCIceServer[];
  turnUrls: string[];
  turnSecret: string | null;
  iceTransportPolicy: "all" | "relay";
  signalingBus: "memory" | "postgres";
  /** Seconds without a heartbeat answer before a signaling socket is closed. */
  signalingIdleTimeoutSeconds: number;
  /** Schema to use on the PostgreSQL server (tests and shared databases). */
  databaseSchema: string | null;
  /** Bearer token that unlocks /metrics; unset turns /metrics off. */
  metricsToken: string | null;
  production: boolean;
}

/** Thrown for a missing or invalid environment variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = "ConfigError";
  }
}

/**
 * Every environment variable the app reads: those of loadConfig(), and
 * TALKROOM_LOG (lib/log.ts). Tools that start the app with an environment of
 * their own clear these first, so a developer's shell does not leak in.
 */
export const CONFIG_VARIABLES = [
  "PORT",
  "HOSTNAME",
  "TRUST_PROXY_HOPS",
  "DATA_DIR",
  "DATABASE_URL",
  "DATABASE_SCHEMA",
  "JWT_SECRET",
  "APP_ORIGIN",
  "ICE_SERVERS",
  "TURN_URLS",
  "TURN_SECRET",
  "ICE_TRANSPORT_POLICY",
  "SIGNALING_BUS",
  "SIGNALING_IDLE_TIMEOUT",
  "METRICS_TOKEN",
  "TALKROOM_LOG",
] as const;

type ConfigVariable = typeof CONFIG_VARIABLES[number];

const DEFAULT_ICE: RTCIceServer[] = [{ urls: "stun:stun.l.google.com:19302" }];

/**
 * Reads and validates the configuration from an environment map.
 * @throws {ConfigError} naming the first bad variable
 */
export function loadConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Config {
  const get = (name: ConfigVariable) => {
    const v = env[name]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };

  const portText = get("PORT") ?? "8000";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535) {
    throw new ConfigError(
      "PORT",
      `must be a port number (0-65535), got "${portText}"`,
    );
  }

  const hostname = get("HOSTNAME") ?? "0.0.0.0";
  if (!/^[A-Za-z0-9.:\-\[\]]+$/.test(hostname)) {
    throw new ConfigError(
      "HOSTNAME",
      `must be an address or host name to listen on, got "${hostname}"`,
    );
  }
  const hopsText = get("TRUST_PROXY_HOPS") ?? "0";
  const trustProxyHops = Number(hopsText);
  if (!/^\d+$/.test(hopsText) || trustProxyHops > 10) {
    throw new ConfigError(
      "TRUST_PROXY_HOPS",
      `must be a whole number of proxies (0-10), got "${hopsText}"`,
    );
  }

  const databaseUrl = get("DATABASE_URL") ?? null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      "DATABASE_URL",
      "must be a postgres:// or postgresql:// URL",
    );
  }
  const jwtSecret = get("JWT_SECRET") ?? null;
  if (databaseUrl && !jwtSecret) {
    throw new ConfigError("JWT_SECRET", "is required when DATABASE_URL is set");
  }
  if (jwtSecret && jwtSecret.length < 32) {
    throw new ConfigError("JWT_SECRET", "must be at least 32 characters long");
  }

  let appOrigin: string | null = null;
  const originText = get("APP_ORIGIN");
  if (originText) {
    let url: URL;
    try {
      url = new URL(originText);
    } catch {
      throw new ConfigError(
        "APP_ORIGIN",
        `must be an origin like https://talkroom.example, got "${originText}"`,
      );
    }
    if (
      !["http:", "https:"].includes(url.protocol) ||
      url.origin !== originText.replace(/\/$/, "")
    ) {
      throw new ConfigError(
        "APP_ORIGIN",
        `must be an origin like https://talkroom.example, got "${originText}"`,
      );
    }
    appOrigin = url.origin;
  }

  let iceServers = DEFAULT_ICE;
  const iceText = get("ICE_SERVERS");
  if (iceText) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(iceText);
    } catch {
      throw new ConfigError(
        "ICE_SERVERS",
        "must be a JSON array of RTCIceServer objects",
      );
    }
    const result = z.array(iceServer).safeParse(parsed);
    if (!result.success) {
      throw new ConfigError(
        "ICE_SERVERS",
        "must be a JSON array of RTCIceServer objects",
      );
    }
    iceServers = result.data as RTCIceServer[];
  }

  const turnUrls = (get("TURN_URLS") ?? "").split(",").map((s) => s.trim())
    .filter(Boolean);
  const turnSecret = get("TURN_SECRET") ?? null;
  if (turnUrls.length > 0 !== (turnSecret !== null)) {
    throw new ConfigError(
      turnUrls.length ? "TURN_SECRET" : "TURN_URLS",
      "must be set together with the other TURN variable",
    );
  }
  for (const u of turnUrls) {
    if (!/^turns?:/.test(u)) {
      throw new ConfigError(
        "TURN_URLS",
        `has an entry that is not a turn: or turns: URL: "${u}"`,
      );
    }
  }

  const policy = get("ICE_TRANSPORT_POLICY") ?? "all";
  if (policy !== "all" && policy !== "relay") {
    throw new ConfigError(
      "ICE_TRANSPORT_POLICY",
      `must be "all" or "relay", got "${policy}"`,
    );
  }

  const bus = get("SIGNALING_BUS") ?? (databaseUrl ? "postgres" : "memory");
  if (bus !== "memory" && bus !== "postgres") {
    throw new ConfigError(
      "SIGNALING_BUS",
      `must be "memory" or "postgres", got "${bus}"`,
    );
  }
  if (bus === "postgres" && !databaseUrl) {
    throw new ConfigError(
      "SIGNALING_BUS",
      '"postgres" needs DATABASE_URL to be set',
    );
  }

  const idleText = get("SIGNALING_IDLE_TIMEOUT") ?? "20";
  const idle = Number(idleText);
  if (!/^\d+$/.test(idleText) || idle < 1 || idle > 600) {
    throw new ConfigError(
      "SIGNALING_IDLE_TIMEOUT",
      `must be whole seconds between 1 and 600, got "${idleText}"`,
    );
  }
  const metricsToken = get("METRICS_TOKEN") ?? null;
  if (metricsToken !== null && metricsToken.length < 16) {
    throw new ConfigError(
      "METRICS_TOKEN",
      "must be at least 16 characters long",
    );
  }
  const schema = get("DATABASE_SCHEMA") ?? null;
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError(
      "DATABASE_SCHEMA",
      "must be a lowercase SQL identifier",
    );
  }

  return {
    port,
    hostname,
    trustProxyHops,
    dataDir: get("DATA_DIR") ?? ".data",
    databaseUrl,
    jwtSecret,
    appOrigin,
    iceServers,
    turnUrls,
    turnSecret,
    iceTransportPolicy: policy,
    signalingBus: bus,
    signalingIdleTimeoutSeconds: idle,
    databaseSchema: schema,
    metricsToken,
    production: databaseUrl !== null,
  };
}

let cached: Config | null = null;

/**
 * The process configuration, read on first use. A bad value prints the
 * problem and exits, so the server never starts half-configured.
 */
export function getConfig(): Config {
  if (cached) return cached;
  try {
    cached = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      Deno.exit(1);
    }
    throw err;
  }
  return cached;
}
