import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "@/lib/config.ts";

const SECRET = "s".repeat(32);
const PG = "postgres://app@db.internal:5432/talkroom";
const ORIGIN = "https://talkroom.example";

Deno.test("loadConfig() without variables gives the defaults that run `deno task start` alone", () => {
  assert.deepEqual(loadConfig({}), {
    port: 8000,
    hostname: "0.0.0.0",
    trustProxyHops: 0,
    dataDir: ".data",
    databaseUrl: null,
    jwtSecret: null,
    appOrigin: null,
    iceServers: [{ urls: "stun:stun.l.google.com:19302" }],
    turnUrls: [],
    turnSecret: null,
    iceTransportPolicy: "all",
    signalingBus: "memory",
    signalingIdleTimeoutSeconds: 20,
    databaseSchema: null,
    metricsToken: null,
    smtpUrl: null,
    mailFrom: null,
    production: false,
  });
});

Deno.test("loadConfig() reads every variable, trimmed; empty ones count as unset", () => {
  const config = loadConfig({
    PORT: " 9000 ",
    HOSTNAME: "127.0.0.1",
    TRUST_PROXY_HOPS: "2",
    DATA_DIR: "/var/lib/talkroom",
    DATABASE_URL: PG,
    DATABASE_SCHEMA: "tenant_1",
    JWT_SECRET: SECRET,
    APP_ORIGIN: "https://talkroom.example/",
    ICE_SERVERS: '[{"urls":["stun:a.example"]},{"urls":"turn:b.example",' +
      '"username":"u","credential":"c"}]',
    TURN_URLS: "turn:t.example:3478, turns:t.example:5349",
    TURN_SECRET: "turn-secret",
    ICE_TRANSPORT_POLICY: "relay",
    SIGNALING_IDLE_TIMEOUT: "45",
    METRICS_TOKEN: "m".repeat(16),
    SMTP_URL: "smtps://mailer:p%40ss@smtp.example:465",
    MAIL_FROM: "Talkroom <no-reply@talkroom.example>",
    TALKROOM_LOG: "",
  });
  assert.deepEqual(config, {
    port: 9000,
    hostname: "127.0.0.1",
    trustProxyHops: 2,
    dataDir: "/var/lib/talkroom",
    databaseUrl: PG,
    jwtSecret: SECRET,
    appOrigin: "https://talkroom.example",
    iceServers: [{ urls: ["stun:a.example"] }, {
      urls: "turn:b.example",
      username: "u",
      credential: "c",
    }],
    turnUrls: ["turn:t.example:3478", "turns:t.example:5349"],
    turnSecret: "turn-secret",
    iceTransportPolicy: "relay",
    signalingBus: "postgres",
    signalingIdleTimeoutSeconds: 45,
    databaseSchema: "tenant_1",
    metricsToken: "m".repeat(16),
    smtpUrl: "smtps://mailer:p%40ss@smtp.example:465",
    mailFrom: "Talkroom <no-reply@talkroom.example>",
    production: true,
  });
  assert.equal(loadConfig({ PORT: "", DATABASE_URL: "  " }).port, 8000);
  assert.equal(
    loadConfig({
      DATABASE_URL: PG,
      JWT_SECRET: SECRET,
      SIGNALING_BUS: "memory",
    })
      .signalingBus,
    "memory",
  );
});

const BAD: [Record<string, string>, string][] = [
  [{ PORT: "http" }, 'PORT must be a port number (0-65535), got "http"'],
  [{ PORT: "65536" }, 'PORT must be a port number (0-65535), got "65536"'],
  [{ PORT: "-1" }, 'PORT must be a port number (0-65535), got "-1"'],
  [
    { HOSTNAME: "my host" },
    'HOSTNAME must be an address or host name to listen on, got "my host"',
  ],
  [
    { TRUST_PROXY_HOPS: "11" },
    'TRUST_PROXY_HOPS must be a whole number of proxies (0-10), got "11"',
  ],
  [
    { TRUST_PROXY_HOPS: "1.5" },
    'TRUST_PROXY_HOPS must be a whole number of proxies (0-10), got "1.5"',
  ],
  [
    { DATABASE_URL: "mysql://db/x", JWT_SECRET: SECRET },
    "DATABASE_URL must be a postgres:// or postgresql:// URL",
  ],
  [{ DATABASE_URL: PG }, "JWT_SECRET is required when DATABASE_URL is set"],
  [{ JWT_SECRET: "short" }, "JWT_SECRET must be at least 32 characters long"],
  [
    { APP_ORIGIN: "talkroom.example" },
    'APP_ORIGIN must be an origin like https://talkroom.example, got "talkroom.example"',
  ],
  [
    { APP_ORIGIN: "https://talkroom.example/app" },
    'APP_ORIGIN must be an origin like https://talkroom.example, got "https://talkroom.example/app"',
  ],
  [
    { APP_ORIGIN: "ftp://talkroom.example" },
    'APP_ORIGIN must be an origin like https://talkroom.example, got "ftp://talkroom.example"',
  ],
  [
    { ICE_SERVERS: "stun:a.example" },
    "ICE_SERVERS must be a JSON array of RTCIceServer objects",
  ],
  [
    { ICE_SERVERS: '[{"url":"stun:a.example"}]' },
    "ICE_SERVERS must be a JSON array of RTCIceServer objects",
  ],
  [
    { TURN_URLS: "turn:t.example" },
    "TURN_SECRET must be set together with the other TURN variable",
  ],
  [
    { TURN_SECRET: "x" },
    "TURN_URLS must be set together with the other TURN variable",
  ],
  [
    { TURN_URLS: "turn:t.example,stun:s.example", TURN_SECRET: "x" },
    'TURN_URLS has an entry that is not a turn: or turns: URL: "stun:s.example"',
  ],
  [
    { ICE_TRANSPORT_POLICY: "none" },
    'ICE_TRANSPORT_POLICY must be "all" or "relay", got "none"',
  ],
  [
    { SIGNALING_BUS: "redis" },
    'SIGNALING_BUS must be "memory" or "postgres", got "redis"',
  ],
  [
    { SIGNALING_BUS: "postgres" },
    'SIGNALING_BUS "postgres" needs DATABASE_URL to be set',
  ],
  [
    { SIGNALING_IDLE_TIMEOUT: "0" },
    'SIGNALING_IDLE_TIMEOUT must be whole seconds between 1 and 600, got "0"',
  ],
  [
    { SIGNALING_IDLE_TIMEOUT: "601" },
    'SIGNALING_IDLE_TIMEOUT must be whole seconds between 1 and 600, got "601"',
  ],
  [
    { METRICS_TOKEN: "short" },
    "METRICS_TOKEN must be at least 16 characters long",
  ],
  [
    { DATABASE_SCHEMA: "Tenant" },
    "DATABASE_SCHEMA must be a lowercase SQL identifier",
  ],
  // The SMTP URL is never echoed: it holds the mail server's password.
  ...[
    "http://mail.example",
    "smtp://",
    "smtp://u:secret@mail.example:99999",
    "smtp://mail.example/path",
    "mail.example:587",
  ].map((url): [Record<string, string>, string] => [
    { SMTP_URL: url, MAIL_FROM: "a@talkroom.example", APP_ORIGIN: ORIGIN },
    "SMTP_URL must be a URL like smtp://user:password@mail.example:587 or smtps://…",
  ]),
  ...[
    "no-reply",
    "Talkroom <no-reply@talkroom.example",
    "no-reply@talkroom.example\r\nBcc: victim@example.com",
    "Talk\nroom <no-reply@talkroom.example>",
  ].map((from): [Record<string, string>, string] => [
    { SMTP_URL: "smtp://mail.example", MAIL_FROM: from, APP_ORIGIN: ORIGIN },
    `MAIL_FROM must be an e-mail address or Name <address>, on one line, got "${from}"`,
  ]),
  [
    { SMTP_URL: "smtp://mail.example", APP_ORIGIN: ORIGIN },
    "MAIL_FROM is required when SMTP_URL is set",
  ],
  [
    { SMTP_URL: "smtp://mail.example", MAIL_FROM: "a@talkroom.example" },
    "APP_ORIGIN is required when SMTP_URL is set",
  ],
  // The first bad variable, in the order of CONFIG_VARIABLES, is named.
  [
    { PORT: "x", METRICS_TOKEN: "short" },
    'PORT must be a port number (0-65535), got "x"',
  ],
];

for (const [env, message] of BAD) {
  Deno.test(`loadConfig() refuses ${JSON.stringify(env)}: "${message}"`, () => {
    assert.throws(
      () => loadConfig(env),
      (err) =>
        err instanceof ConfigError &&
        err.message === `Invalid configuration: ${message}`,
    );
  });
}
