/**
 * Debian's nginx as the reverse proxy in front of several app instances,
 * started by a test: a config written into a temp folder, one worker, a free
 * loopback port. Pages, the JSON API and the signaling WebSocket go through
 * it exactly as in deploy/nginx.conf, except for the routing: a `route`
 * cookie picks the instance (`route=a` → instance a first, the others as
 * `backup`), so a test decides which participant lands where and whose
 * reconnect moves to which instance when one stops. Without the cookie,
 * requests are spread round-robin over all instances.
 * @module
 */
import { freePort, spawnDaemon } from "./_daemon.ts";

/** Where Debian installs nginx (`apt-get install nginx`). */
export const NGINX = "/usr/sbin/nginx";

/** A running nginx. */
export interface NginxProxy {
  /** `http://127.0.0.1:<port>`: the origin browsers and clients use. */
  origin: string;
  port: number;
  /** The access log (one JSON line per request) and error log so far. */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Fails with the install command when nginx is missing.
 * @throws Error naming `apt-get install nginx`
 */
export async function assertNginxInstalled(): Promise<void> {
  try {
    await Deno.stat(NGINX);
  } catch {
    throw new Error(
      `nginx not found at ${NGINX}: the proxy tests need Debian's nginx (apt-get install nginx)`,
    );
  }
}

/**
 * The test config: for every backend name an upstream of that name (it
 * first, the others as backup) and `all` (round-robin) for requests
 * without a `route` cookie.
 */
export function proxyConfig(
  port: number,
  backends: Record<string, string>,
): string {
  const names = Object.keys(backends);
  for (const name of names) {
    if (!/^[a-z][a-z0-9]*$/.test(name) || name === "all") {
      throw new Error(`Bad backend name: ${name}`);
    }
  }
  const upstream = (name: string, servers: string[]) =>
    [`  upstream ${name} {`, ...servers.map((s) => `    ${s};`), "  }"].join(
      "\n",
    );
  const server = (address: string, backup: boolean) =>
    // One refused connection marks an instance down for a while, so the
    // next request goes straight to a live one.
    `server ${address} max_fails=1 fail_timeout=30s${backup ? " backup" : ""}`;
  const upstreams = [
    upstream("all", names.map((n) => server(backends[n], false))),
    ...names.map((name) =>
      upstream(name, [
        server(backends[name], false),
        ...names.filter((n) => n !== name).map((n) =>
          server(backends[n], true)
        ),
      ])
    ),
  ];
  const user = Deno.uid() === 0 ? "user root;\n" : "";
  return `${user}worker_processes 1;

events {
  worker_connections 1024;
}

http {
  default_type application/octet-stream;
  log_format json escape=json
    '{"time":"$time_iso8601","request_id":"$request_id","status":$status,'
    '"method":"$request_method","uri":"$uri","upstream":"$upstream_addr",'
    '"upstream_status":"$upstream_status","seconds":$request_time}';
  access_log /dev/stdout json;

  # Test-only routing: the route cookie picks the instance. Production
  # uses one plain upstream (deploy/nginx.conf): the PostgreSQL signaling
  # bus joins participants on different instances, so nothing is sticky.
  map $cookie_route $talkroom_backend {
    default all;
${names.map((n) => `    ${n} ${n};`).join("\n")}
  }

  map $http_upgrade $connection_upgrade {
    default upgrade;
    "" close;
  }

${upstreams.join("\n\n")}

  server {
    listen 127.0.0.1:${port};

    location / {
      proxy_pass http://$talkroom_backend;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      # $http_host keeps the port: the test listens on a random one
      # (production behind 443 uses $host).
      proxy_set_header Host $http_host;
      proxy_set_header X-Request-Id $request_id;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;
      proxy_connect_timeout 2s;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_buffering off;
      proxy_next_upstream error timeout;
    }
  }
}
`;
}

/**
 * Starts nginx on `port` (the app's APP_ORIGIN must name it, so a test may
 * pick it first) in front of `backends` (name → `host:port`), and waits
 * until it accepts connections.
 * @throws Error when nginx is missing or does not start
 */
export async function startNginx(
  backends: Record<string, string>,
  port: number = freePort(),
): Promise<NginxProxy> {
  await assertNginxInstalled();
  const dir = await Deno.makeTempDir({ prefix: "talkroom_nginx_" });
  await Deno.writeTextFile(`${dir}/nginx.conf`, proxyConfig(port, backends));
  const daemon = spawnDaemon(NGINX, [
    "-p",
    dir,
    "-c",
    `${dir}/nginx.conf`,
    // Before the config is read, nginx logs to its compiled-in path.
    "-e",
    "stderr",
    "-g",
    `daemon off; pid ${dir}/nginx.pid; error_log stderr warn;`,
  ]);
  const stop = async () => {
    await daemon.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  const deadline = Date.now() + 10_000;
  while (true) {
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conn.close();
      break;
    } catch {
      if (daemon.exited() || Date.now() > deadline) {
        await stop();
        throw new Error(`nginx did not start:\n${daemon.output()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    logs: daemon.output,
    stop,
  };
}
