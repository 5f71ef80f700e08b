// In-process render time of /bookings/:id: 1,000 requests one after the other
// through the app's handler (session cookie, middleware, database, render),
// on PGlite and on real PostgreSQL; prints p50/p99 per engine.
// Usage: deno run -A bench/render.ts (RENDER_REQUESTS=n to change the count)
import { createTestApp } from "@/tests/_app.ts";
import {
  createTestBooking,
  createTestUser,
  realPostgresUrl,
} from "@/tests/_db.ts";

const N = Number(Deno.env.get("RENDER_REQUESTS") ?? 1000);
function pct(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}
for (
  const [label, url] of [["PGlite", null], [
    "PostgreSQL",
    realPostgresUrl(),
  ]] as const
) {
  const app = await createTestApp({}, { url });
  const teacher = await createTestUser(app.db, { role: "teacher" });
  const student = await createTestUser(app.db, { role: "student" });
  const b = await createTestBooking(app.db, {
    teacher,
    student,
    startInMinutes: 60 * 24,
  });
  const token = await app.tokenFor(student);
  for (let i = 0; i < 50; i++) {
    await (await app.request(`/bookings/${b.id}`, { token })).text();
  }
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const res = await app.request(`/bookings/${b.id}`, { token });
    await res.text();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`status ${res.status}`);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label}: ${N} requests, p50 ${pct(times, 50).toFixed(2)} ms, p99 ${
      pct(times, 99).toFixed(2)
    } ms`,
  );
  await app.close();
}
