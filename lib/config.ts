// Configuration from the environment, validated once at start by one zod
// schema of the environment. A bad value stops the server with a one-line
// message naming the variable.
import { z } from "zod";

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
  /** smtp:// or smtps:// URL of the mail server; unset: notifications in-app only. */
  smtpUrl: string | null;
  /** The From of every e-mail: `address` or `Name <address>`. */
  mailFrom: string | null;
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
  "SMTP_URL",
  "MAIL_FROM",
  "TALKROOM_LOG",
] as const;

type ConfigVariable = typeof CONFIG_VARIABLES[number];

const DEFAULT_ICE: RTCIceServer[] = [{ urls: "stun:stun.l.google.com:19302" }];

/** A zod error that names the value: `<problem>, got "<value>"`. */
const got = (problem: string) => ({
  error: (issue: { input?: unknown }) => `${problem}, got "${issue.input}"`,
});

/** A whole number from `min` to `max`, written in digits only. */
const wholeNumber = (min: number, max: number, problem: string) =>
  z.string().regex(/^\d+$/, got(problem)).transform(Number).refine(
    (n) => n >= min && n <= max,
    got(problem),
  );

const ORIGIN_PROBLEM = "must be an origin like https://talkroom.example";
const ICE_PROBLEM = "must be a JSON array of RTCIceServer objects";
const SMTP_PROBLEM =
  "must be a URL like smtp://user:password@mail.example:587 or smtps://…";
const MAIL_FROM_PROBLEM =
  "must be an e-mail address or Name <address>, on one line";

/** An smtp:// or smtps:// URL naming a host, with no path. */
function isSmtpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return ["smtp:", "smtps:"].includes(url.protocol) && url.hostname !== "" &&
    ["", "/"].includes(url.pathname) && !url.hash;
}

/** `local@domain` with no spaces, brackets, quotes or control characters. */
const ADDRESS = String
  .raw`[^\s<>"@\x00-\x1f\x7f]+@[A-Za-z0-9.\-]+\.[A-Za-z0-9\-]+`;
const MAIL_FROM = new RegExp(
  String.raw`^(?:${ADDRESS}|[^<>"\x00-\x1f\x7f]*<${ADDRESS}>)$`,
);

const iceServer = z.object({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

/** Each variable's value, trimmed; an empty one counts as unset. */
const variables = z.object({
  PORT: wholeNumber(0, 65535, "must be a port number (0-65535)").optional(),
  HOSTNAME: z.string().regex(
    /^[A-Za-z0-9.:\-\[\]]+$/,
    got("must be an address or host name to listen on"),
  ).optional(),
  TRUST_PROXY_HOPS: wholeNumber(
    0,
    10,
    "must be a whole number of proxies (0-10)",
  ).optional(),
  DATA_DIR: z.string().optional(),
  DATABASE_URL: z.string().regex(
    /^postgres(ql)?:\/\//,
    "must be a postgres:// or postgresql:// URL",
  ).optional(),
  DATABASE_SCHEMA: z.string().regex(
    /^[a-z_][a-z0-9_]{0,62}$/,
    "must be a lowercase SQL identifier",
  ).optional(),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters long")
    .optional(),
  APP_ORIGIN: z.url({ protocol: /^https?$/, ...got(ORIGIN_PROBLEM) })
    .refine(
      (text) =>
        URL.canParse(text) &&
        new URL(text).origin === text.replace(/\/$/, ""),
      got(ORIGIN_PROBLEM),
    ).transform((text) => new URL(text).origin).optional(),
  ICE_SERVERS: z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.issues.push({ code: "custom", message: ICE_PROBLEM, input: text });
      return z.NEVER;
    }
  }).pipe(z.array(iceServer)).optional(),
  TURN_URLS: z.string().transform((text) =>
    text.split(",").map((s) => s.trim()).filter(Boolean)
  ).pipe(z.array(
    z.string().regex(/^turns?:/, {
      error: (issue) =>
        `has an entry that is not a turn: or turns: URL: "${issue.input}"`,
    }),
  )).optional(),
  TURN_SECRET: z.string().optional(),
  ICE_TRANSPORT_POLICY: z.enum(
    ["all", "relay"],
    got('must be "all" or "relay"'),
  ).optional(),
  SIGNALING_BUS: z.enum(
    ["memory", "postgres"],
    got('must be "memory" or "postgres"'),
  ).optional(),
  SIGNALING_IDLE_TIMEOUT: wholeNumber(
    1,
    600,
    "must be whole seconds between 1 and 600",
  ).optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters long")
    .optional(),
  SMTP_URL: z.string().refine(isSmtpUrl, SMTP_PROBLEM).optional(),
  MAIL_FROM: z.string().regex(MAIL_FROM, got(MAIL_FROM_PROBLEM)).optional(),
}).superRefine((env, ctx) => {
  const problem = (variable: ConfigVariable, message: string) =>
    ctx.addIssue({ code: "custom", path: [variable], message });
  if (env.DATABASE_URL && !env.JWT_SECRET) {
    problem("JWT_SECRET", "is required when DATABASE_URL is set");
  }
  const turnUrls = env.TURN_URLS ?? [];
  if (turnUrls.length > 0 !== (env.TURN_SECRET !== undefined)) {
    problem(
      turnUrls.length ? "TURN_SECRET" : "TURN_URLS",
      "must be set together with the other TURN variable",
    );
  }
  if (env.SIGNALING_BUS === "postgres" && !env.DATABASE_URL) {
    problem("SIGNALING_BUS", '"postgres" needs DATABASE_URL to be set');
  }
  if (env.SMTP_URL && !env.MAIL_FROM) {
    problem("MAIL_FROM", "is required when SMTP_URL is set");
  }
  if (env.SMTP_URL && !env.APP_ORIGIN) {
    // E-mail links and Message-IDs are built from it.
    problem("APP_ORIGIN", "is required when SMTP_URL is set");
  }
});

/** The first problem, in the order of CONFIG_VARIABLES, as a ConfigError. */
function firstProblem(error: z.ZodError): ConfigError {
  const order = (variable: PropertyKey) =>
    CONFIG_VARIABLES.indexOf(variable as ConfigVariable);
  const [issue] = [...error.issues].sort((a, b) =>
    order(a.path[0]) - order(b.path[0])
  );
  const variable = String(issue.path[0]);
  // A problem inside the JSON of ICE_SERVERS is a problem with all of it.
  const message = variable === "ICE_SERVERS" ? ICE_PROBLEM : issue.message;
  return new ConfigError(variable, message);
}

/**
 * Reads and validates the configuration from an environment map.
 * @throws {ConfigError} naming the first bad variable
 */
export function loadConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Config {
  const given: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name]?.trim();
    if (value) given[name] = value;
  }
  const result = variables.safeParse(given);
  if (!result.success) throw firstProblem(result.error);
  const v = result.data;
  const databaseUrl = v.DATABASE_URL ?? null;
  return {
    port: v.PORT ?? 8000,
    hostname: v.HOSTNAME ?? "0.0.0.0",
    trustProxyHops: v.TRUST_PROXY_HOPS ?? 0,
    dataDir: v.DATA_DIR ?? ".data",
    databaseUrl,
    jwtSecret: v.JWT_SECRET ?? null,
    appOrigin: v.APP_ORIGIN ?? null,
    iceServers: (v.ICE_SERVERS as RTCIceServer[] | undefined) ?? DEFAULT_ICE,
    turnUrls: v.TURN_URLS ?? [],
    turnSecret: v.TURN_SECRET ?? null,
    iceTransportPolicy: v.ICE_TRANSPORT_POLICY ?? "all",
    signalingBus: v.SIGNALING_BUS ?? (databaseUrl ? "postgres" : "memory"),
    signalingIdleTimeoutSeconds: v.SIGNALING_IDLE_TIMEOUT ?? 20,
    databaseSchema: v.DATABASE_SCHEMA ?? null,
    metricsToken: v.METRICS_TOKEN ?? null,
    smtpUrl: v.SMTP_URL ?? null,
    mailFrom: v.MAIL_FROM ?? null,
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
