// 2. JavaScript shipped: for every page, the bytes of JavaScript a browser
// loads (inline module scripts, the preloaded modules and every module they
// import), raw and gzip-compressed one file at a time as a server would send
// them. Served from prebuilt (minified) assets, as in production.
import type { BenchContext } from "./_context.ts";
import { cookieOf, login, startTalkroom } from "./_app.ts";
import { type BenchResult, fmt, type Table, type Verdict } from "./_report.ts";

/** Room page budget in bytes, gzip (1 kB = 1,000 bytes). */
export const ROOM_BUDGET_GZIP = 25_000;

interface JsFile {
  url: string;
  raw: number;
  gzip: number;
  /** Loaded only by a dynamic import(). */
  lazy: boolean;
  /** The whiteboard's own code (found by a string only it holds). */
  whiteboard: boolean;
}

/** A string only the whiteboard's chunk holds. */
const WHITEBOARD_MARK = "room.board.close";

interface PageJs {
  page: string;
  path: string;
  viewer: string;
  status: number;
  files: JsFile[];
  inlineRaw: number;
  inlineGzip: number;
  raw: number;
  gzip: number;
  lazyRaw: number;
  lazyGzip: number;
}

/** Gzip size of some bytes (default level, as servers compress on the fly). */
export async function gzipSize(data: Uint8Array | string): Promise<number> {
  const bytes = typeof data === "string"
    ? new TextEncoder().encode(data)
    : data;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const PRELOAD = /<link\b[^>]*rel=["']?modulepreload["']?[^>]*>/gi;
const ATTR = (name: string) =>
  new RegExp(`\\b${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i");
const STATIC_IMPORT =
  /\bfrom\s*["']([^"']+\.m?js)["']|\bimport\s*["']([^"']+\.m?js)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+\.m?js)["']\s*\)/g;

function attr(tag: string, name: string): string | null {
  const m = ATTR(name).exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
}

/** Static and dynamic import specifiers of a module's source. */
export function importsOf(
  source: string,
): { static: string[]; lazy: string[] } {
  return {
    static: [...source.matchAll(STATIC_IMPORT)].map((m) => m[1] ?? m[2]),
    lazy: [...source.matchAll(DYNAMIC_IMPORT)].map((m) => m[1]),
  };
}

/** Measures the JavaScript one page loads. */
async function measurePage(
  origin: string,
  page: string,
  path: string,
  viewer: string,
  headers: Record<string, string>,
  cache: Map<string, Promise<{ raw: number; gzip: number; source: string }>>,
): Promise<PageJs> {
  const res = await fetch(`${origin}${path}`, { headers, redirect: "manual" });
  const html = await res.text();
  if (res.status !== 200) {
    throw new Error(`${path} as ${viewer} answered ${res.status}`);
  }
  const pageUrl = `${origin}${path}`;
  const queue: { url: string; lazy: boolean }[] = [];
  let inlineRaw = 0;
  let inlineGzip = 0;
  for (const [, attrs, body] of html.matchAll(SCRIPT)) {
    const type = (attr(attrs, "type") ?? "").toLowerCase();
    if (
      type &&
      !["module", "text/javascript", "application/javascript"].includes(type)
    ) {
      continue; // Data (island props), not code.
    }
    const src = attr(attrs, "src");
    if (src) queue.push({ url: new URL(src, pageUrl).href, lazy: false });
    if (body.trim()) {
      inlineRaw += new TextEncoder().encode(body).length;
      inlineGzip += await gzipSize(body);
      const found = importsOf(body);
      found.static.forEach((s) =>
        queue.push({ url: new URL(s, pageUrl).href, lazy: false })
      );
      found.lazy.forEach((s) =>
        queue.push({ url: new URL(s, pageUrl).href, lazy: true })
      );
    }
  }
  for (const [tag] of html.matchAll(PRELOAD)) {
    const href = attr(tag, "href");
    if (href) queue.push({ url: new URL(href, pageUrl).href, lazy: false });
  }

  const files = new Map<string, JsFile>();
  while (queue.length) {
    const { url, lazy } = queue.shift()!;
    const known = files.get(url);
    if (known) {
      if (!lazy) known.lazy = false;
      continue;
    }
    let entry = cache.get(url);
    if (!entry) {
      entry = fetch(url, { headers }).then(async (r) => {
        if (!r.ok) throw new Error(`${url} answered ${r.status}`);
        const bytes = new Uint8Array(await r.arrayBuffer());
        return {
          raw: bytes.length,
          gzip: await gzipSize(bytes),
          source: new TextDecoder().decode(bytes),
        };
      });
      cache.set(url, entry);
    }
    const { raw, gzip, source } = await entry;
    const whiteboard = source.includes(WHITEBOARD_MARK);
    files.set(url, { url, raw, gzip, lazy, whiteboard });
    const found = importsOf(source);
    found.static.forEach((s) =>
      queue.push({ url: new URL(s, url).href, lazy })
    );
    found.lazy.forEach((s) =>
      queue.push({ url: new URL(s, url).href, lazy: true })
    );
  }
  const list = [...files.values()].map((f) => ({
    ...f,
    url: f.url.replace(origin, ""),
  }));
  const sum = (fs: JsFile[], k: "raw" | "gzip") =>
    fs.reduce((n, f) => n + f[k], 0);
  const eager = list.filter((f) => !f.lazy);
  const lazy = list.filter((f) => f.lazy);
  return {
    page,
    path,
    viewer,
    status: res.status,
    files: list,
    inlineRaw,
    inlineGzip,
    raw: sum(eager, "raw") + inlineRaw,
    gzip: sum(eager, "gzip") + inlineGzip,
    lazyRaw: sum(lazy, "raw"),
    lazyGzip: sum(lazy, "gzip"),
  };
}

/** Runs the JavaScript-shipped benchmark. */
export async function runJsBench(ctx: BenchContext): Promise<BenchResult> {
  const database = await ctx.postgres();
  const server = await startTalkroom({
    database,
    freshDir: await ctx.freshDir(),
  });
  const pages: PageJs[] = [];
  try {
    const student = {
      cookie: cookieOf(await login(server.origin, "student@demo.test")),
    };
    const teacher = {
      cookie: cookieOf(await login(server.origin, "teacher@demo.test")),
    };
    const [upcoming] = await database.db!.query<{ id: string }>(
      `SELECT id FROM bookings WHERE student_id = $1 AND status = 'pending' AND start_at > now()
       ORDER BY start_at LIMIT 1`,
      [database.studentId],
    );
    const targets: [string, string, string, Record<string, string>][] = [
      ["home", "/", "visitor", {}],
      ["sign in", "/login", "visitor", {}],
      ["register", "/register", "visitor", {}],
      ["home", "/", "student", student],
      ["booking list", "/bookings", "student", student],
      ["booking list", "/bookings", "teacher", teacher],
      [
        "room page (open)",
        `/bookings/${database.openBookingId}`,
        "student",
        student,
      ],
      [
        "room page (open)",
        `/bookings/${database.openBookingId}`,
        "teacher",
        teacher,
      ],
      ...(upcoming
        ? [
          [
            "booking page (not open)",
            `/bookings/${upcoming.id}`,
            "student",
            student,
          ] as [
            string,
            string,
            string,
            Record<string, string>,
          ],
        ]
        : []),
      ["slots", "/slots", "teacher", teacher],
      ["teachers", "/teachers", "student", student],
      ["teacher", `/teachers/${database.teacherId}`, "student", student],
      ["account", "/account", "student", student],
    ];
    const cache = new Map<
      string,
      Promise<{ raw: number; gzip: number; source: string }>
    >();
    for (const [page, path, viewer, headers] of targets) {
      pages.push(
        await measurePage(server.origin, page, path, viewer, headers, cache),
      );
    }
  } finally {
    await server.stop();
  }

  const kb = (n: number) => `${fmt(n / 1000, 1)} kB`;
  const tables: Table[] = [{
    title: "JavaScript per page (prebuilt, minified)",
    columns: ["page", "viewer", "files", "raw", "gzip", "lazy (gzip)"],
    rows: pages.map((p) => [
      `${p.page} ${p.path.replace(/[0-9a-f-]{36}/, ":id")}`,
      p.viewer,
      p.files.filter((f) => !f.lazy).length + (p.inlineRaw ? 1 : 0),
      p.raw ? kb(p.raw) : "0",
      p.gzip ? kb(p.gzip) : "0",
      p.lazyGzip ? kb(p.lazyGzip) : "–",
    ]),
    notes: [
      "files: modules loaded at page load (inline module script counted as one); gzip per file at the default level; 1 kB = 1,000 bytes",
    ],
  }];
  const room = pages.find((p) => p.page === "room page (open)")!;
  tables.push({
    title: "Room page modules",
    columns: ["module", "raw", "gzip"],
    rows: [
      ...room.files.map((f) => [
        f.url.replace(/^.*\//, "") +
        (f.whiteboard ? " (whiteboard, " : f.lazy ? " (" : "") +
        (f.lazy ? "lazy)" : f.whiteboard ? "EAGER)" : ""),
        kb(f.raw),
        kb(f.gzip),
      ]),
      ["inline module script", kb(room.inlineRaw), kb(room.inlineGzip)],
    ],
  });
  const lists = pages.filter((p) => p.page === "booking list");
  const roomMax = Math.max(
    ...pages.filter((p) => p.page === "room page (open)").map((p) => p.gzip),
  );
  const listMax = Math.max(...lists.map((p) => p.raw));
  const rooms = pages.filter((p) => p.page === "room page (open)");
  const boards = rooms.flatMap((p) => p.files.filter((f) => f.whiteboard));
  const boardLazy = boards.length > 0 && boards.every((f) => f.lazy);
  const boardGzip = Math.max(0, ...boards.map((f) => f.gzip));
  const verdicts: Verdict[] = [{
    target: "room page JavaScript ≤ 25 kB gzip in total",
    measured: kb(roomMax),
    met: roomMax <= ROOM_BUDGET_GZIP,
    margin: roomMax <= ROOM_BUDGET_GZIP
      ? `${kb(ROOM_BUDGET_GZIP - roomMax)} under (${
        fmt(roomMax / ROOM_BUDGET_GZIP * 100, 0)
      } % of the budget)`
      : `${kb(roomMax - ROOM_BUDGET_GZIP)} over`,
  }, {
    target: "the whiteboard's code loads only when opened (lazy chunk)",
    measured: boards.length ? `${kb(boardGzip)} gzip` : "chunk not found",
    met: boardLazy,
    margin: boardLazy
      ? "not in the room's initial JavaScript"
      : boards.length
      ? "loaded with the page"
      : "no whiteboard chunk",
  }, {
    target: "booking list ships 0 bytes of JavaScript",
    measured: `${fmt(listMax)} bytes`,
    met: listMax === 0,
    margin: listMax === 0 ? "none shipped" : `${fmt(listMax)} bytes too many`,
  }];
  return { name: "js", tables, verdicts, data: { pages } };
}
