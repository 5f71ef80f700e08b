// One side of bench/ab_render.ts: the app of the checkout whose config this
// runs with, in-process on PostgreSQL with the demo data; prints the CPU
// time (user + system, this process) per request of each page as JSON.
import process from "node:process";
import { createTestApp } from "@/tests/_app.ts";
import { realPostgresUrl } from "@/tests/_db.ts";
import { seedDemo } from "@/lib/demo/seed.ts";

const N = Number(Deno.env.get("AB_REQUESTS") ?? 400);
const app = await createTestApp({}, { url: realPostgresUrl() });
try {
  const { openBookingId } = await seedDemo(app.db);
  const [student] = await app.db.query<{ id: string }>(
    "SELECT id FROM users WHERE email = 'student@demo.test'",
  );
  // deno-lint-ignore no-explicit-any
  const token = await app.tokenFor(student as any);
  const out: Record<string, number> = {};
  for (const path of [`/bookings/${openBookingId}`, "/bookings"]) {
    const get = async () => {
      const res = await app.request(path, { token });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    };
    for (let i = 0; i < N / 2; i++) await get();
    const before = process.cpuUsage();
    for (let i = 0; i < N; i++) await get();
    const used = process.cpuUsage(before);
    out[path.startsWith("/bookings/") ? "/bookings/:id" : path] =
      (used.user + used.system) / 1000 / N;
  }
  console.log(JSON.stringify(out));
} finally {
  await app.close();
}
