// Oversize request bodies against a real server: four parallel 50 MiB
// bodies sent in chunks without Content-Length, to the JSON API and to a
// form page, must be refused while they are read, so the server's memory
// (VmRSS from /proc) stays flat instead of holding every body.
import assert from "node:assert/strict";
import {
  openTestSchema,
  type ServerProcess,
  startServer,
  testSchemaEnv,
} from "@/tests/_server.ts";
import { chunkedBody } from "@/tests/_http.ts";

const MIB = 1024 * 1024;
const BODY_BYTES = 50 * MIB;
const PARALLEL = 4;
const MAX_GROWTH_MIB = 30;

async function rssMiB(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  return kib / 1024;
}

/** Sends one oversize body; the status, or "closed" when the server hung up. */
async function send(
  origin: string,
  path: string,
  type: string,
): Promise<number | "closed"> {
  try {
    const res = await fetch(`${origin}${path}`, {
      method: "POST",
      headers: { "content-type": type, origin },
      body: chunkedBody(BODY_BYTES, { chunkBytes: 64 * 1024 }),
      signal: AbortSignal.timeout(60_000),
    });
    await res.body?.cancel();
    return res.status;
  } catch {
    return "closed";
  }
}

Deno.test("four parallel 50 MiB chunked bodies are refused while read: the server's RSS stays flat", async () => {
  const schema = await openTestSchema({ prefix: "bodies" });
  let app: ServerProcess | null = null;
  try {
    app = await startServer({
      ...testSchemaEnv(schema),
      SIGNALING_BUS: "memory",
    });
    const pid = app.process.pid;
    // Warm up the routes once, so their first-use allocations are not counted.
    for (const [path, type] of TARGETS) {
      await send(app.origin, path, type);
    }
    const before = await rssMiB(pid);
    let peak = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await rssMiB(pid));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const results: (number | "closed")[] = [];
    for (const [path, type] of TARGETS) {
      results.push(
        ...await Promise.all(
          Array.from({ length: PARALLEL }, () => send(app!.origin, path, type)),
        ),
      );
    }
    sampling = false;
    await sampler;
    const growth = peak - before;
    console.log(
      `bodies: RSS ${before.toFixed(1)} MiB before, peak ${
        peak.toFixed(1)
      } MiB (+${growth.toFixed(1)} MiB) over ${PARALLEL} parallel ${
        BODY_BYTES / MIB
      } MiB bodies to each of ${TARGETS.map(([p]) => p).join(", ")}; answers ${
        JSON.stringify(results)
      }`,
    );
    for (const r of results) assert.ok(r === 413 || r === "closed", String(r));
    assert.ok(results.includes(413), "at least one answer is a 413");
    assert.ok(
      growth < MAX_GROWTH_MIB,
      `RSS grew by ${growth.toFixed(1)} MiB`,
    );
  } finally {
    await app?.stop();
    await schema.drop();
  }
});

const TARGETS: [string, string][] = [
  ["/api/auth/login", "application/json"],
  ["/login", "application/x-www-form-urlencoded"],
];
