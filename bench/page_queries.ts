// Where a page's PostgreSQL time goes, query by query (not part of
// `deno task bench`):
//
//   deno run -A --config deno.dev.json bench/page_queries.ts [--count 300]
//
// Runs the reads of the booking list (routes/bookings/index.tsx's load():
// countRequestsFor and listBookingSection for each section), the reads of
// the booking page (routes/bookings/[id].tsx's renderPage()) and those of
// every signed-in page (the session check and the unread count), through
// the app's own functions, on one connection to a fresh bench_<random>
// schema with the demo data, and reports per page: the backend's CPU (/proc
// of that one PostgreSQL process), the wall time, and how often each SQL
// function of the schema ran (track_functions = all, on that connection
// only).
import { openDatabase } from "@/lib/db/connection.ts";
import { preparePostgres } from "./_app.ts";
import {
  countRequestsFor,
  LIST_SECTIONS,
  listBookingSection,
  listClock,
} from "@/lib/bookings/list_sections.ts";
import { LIST_PAGE_SIZE, MAX_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import type { Database } from "@/lib/db/connection.ts";
import { admitToRoom } from "@/lib/bookings/room.ts";
import { loadBookingPage } from "@/lib/bookings/page_reads.ts";
import { createSession, verifySession } from "@/lib/auth/session.ts";
import { countUnread } from "@/lib/notifications/inbox.ts";
import { processTicks, TICKS_PER_SECOND } from "./_cpu.ts";
import { fmt, type Table, textTable } from "./_report.ts";

const countArg = Deno.args.indexOf("--count");
const COUNT = countArg >= 0 ? Number(Deno.args[countArg + 1]) : 300;

const prepared = await preparePostgres();
const db = await openDatabase({
  url: prepared.env.DATABASE_URL,
  schema: prepared.env.DATABASE_SCHEMA,
  poolSize: 1,
});
try {
  await db.exec("SET track_functions = 'all'");
  const [{ pid }] = await db.query<{ pid: number }>(
    "SELECT pg_backend_pid() AS pid",
  );
  const [user] = await db.query<
    { id: string; role: "student"; time_zone: string }
  >("SELECT id, role, time_zone FROM users WHERE id = $1", [
    prepared.studentId,
  ]);
  const functionCalls = async () => {
    await db.query("SELECT pg_stat_clear_snapshot()");
    const rows = await db.query<{ funcname: string; calls: string }>(
      `SELECT funcname, calls FROM pg_stat_xact_user_functions
        WHERE schemaname = current_schema()`,
    );
    return new Map(rows.map((r) => [r.funcname, Number(r.calls)]));
  };

  const secret = new TextEncoder().encode(prepared.env.JWT_SECRET);
  const { token } = await createSession(db, secret, user.id);
  const listReads = (db: Database) => async () => {
    const now = new Date();
    const clock = listClock(now, user.time_zone);
    await countRequestsFor(db, user, now);
    let rows = 0;
    for (const section of LIST_SECTIONS) {
      const page = await listBookingSection(
        db,
        user,
        { section },
        { limit: section === "today" ? MAX_PAGE_SIZE : LIST_PAGE_SIZE },
        clock,
      );
      rows += page.items.length;
    }
    return rows;
  };
  const pages: Record<string, () => Promise<number>> = {
    "every signed-in page: session check, unread count": async () => {
      await verifySession(db, secret, token);
      await countUnread(db, user.id);
      return 0;
    },
    "/bookings (student): its section reads": listReads(db),
    "/bookings/:id: its booking read (admitToRoom)": async () => {
      await admitToRoom(db, user, prepared.openBookingId);
      return 1;
    },
    "/bookings/:id: all its reads": async () => {
      await loadBookingPage(db, user, prepared.openBookingId, new Date());
      return 1;
    },
  };
  const rows: (string | number)[][] = [];
  for (const [name, page] of Object.entries(pages)) {
    for (let i = 0; i < 20; i++) await page();
    // pg_stat_xact_* counts within a transaction: one per measurement.
    await db.exec("BEGIN");
    const before = await functionCalls();
    const ticks = processTicks(pid)!;
    const t0 = performance.now();
    let bookings = 0;
    for (let i = 0; i < COUNT; i++) bookings = await page();
    const wall = (performance.now() - t0) / COUNT;
    const cpu = (processTicks(pid)! - ticks) / TICKS_PER_SECOND * 1000 /
      COUNT;
    const after = await functionCalls();
    await db.exec("COMMIT");
    const calls = [...after].map(([f, n]) =>
      [
        f,
        (n - (before.get(f) ?? 0)) /
        COUNT,
      ] as const
    ).filter(([, n]) => n > 0);
    rows.push([
      name,
      bookings,
      fmt(cpu, 3),
      fmt(wall, 3),
      calls.reduce((s, [, n]) => s + n, 0),
      calls.map(([f, n]) => `${f} ${fmt(n, 0)}`).join(", ") || "–",
    ]);
  }
  const table: Table = {
    title: "PostgreSQL work per page read, one connection",
    columns: [
      "reads",
      "bookings",
      "backend CPU ms",
      "wall ms",
      "SQL function calls",
      "of which",
    ],
    rows,
    notes: [
      `${COUNT} times each after 20 unmeasured; the demo student's bookings; the backend's utime + stime from /proc`,
    ],
  };
  console.log(textTable(table));
} finally {
  await db.close();
  await prepared.drop();
}
