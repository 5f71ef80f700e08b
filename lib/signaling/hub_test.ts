import assert from "node:assert/strict";
import {
  createTestBooking,
  createTestUser,
  openTestDatabase,
} from "@/tests/_db.ts";
import type { Database } from "@/lib/db/connection.ts";
import { MemoryBus } from "@/lib/signaling/bus.ts";
import { type HubOptions, SignalingHub } from "@/lib/signaling/hub.ts";
import { CLOSE } from "@/lib/signaling/protocol.ts";

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ADDRESS = "192.0.2.1";

/**
 * A hub behind Deno.serve whose handler takes `admitMs` to admit (as a slow
 * database would), then upgrades the student of a new booking.
 */
async function serveHub(
  db: Database,
  options: Partial<HubOptions>,
  admitMs = 0,
) {
  const teacher = await createTestUser(db, { role: "teacher" });
  const student = await createTestUser(db);
  const booking = await createTestBooking(db, {
    teacher,
    student,
    startInMinutes: -5,
  });
  const hub = new SignalingHub(db, new MemoryBus(), options);
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    async (req) => {
      await delay(admitMs);
      const slot = hub.admit(student.id, ADDRESS);
      const { socket, response } = Deno.upgradeWebSocket(req);
      hub.accept(socket, {
        bookingId: booking.id,
        bookingEnd: booking.end_at,
        userId: student.id,
        username: student.username,
        sessionId: null,
        address: ADDRESS,
      }, slot);
      return response;
    },
  );
  return {
    hub,
    port: server.addr.port,
    held: () => hub.guard.held(student.id, ADDRESS),
    async close() {
      await hub.shutdown();
      // An upgrade whose client hung up never finishes inside Deno.
      await Promise.race([server.shutdown(), delay(300)]);
      server.unref();
    },
  };
}

/** Sends an upgrade over raw TCP and hangs up after `ms`, before the 101. */
async function hangUpAfter(port: number, ms: number): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(
    new TextEncoder().encode(
      "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Key: ${btoa("0123456789abcdef")}\r\n` +
        "Sec-WebSocket-Version: 13\r\n\r\n",
    ),
  );
  await delay(ms);
  conn.close();
}

Deno.test({
  name: "SignalingHub slots",
  // Deno keeps an upgrade whose client hung up forever (see serveHub's close).
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const { db, close } = await openTestDatabase();
    try {
      await t.step(
        "an upgrade whose client hung up before the 101 gives its slot back after the open timeout",
        async () => {
          const s = await serveHub(db, { openTimeoutMs: 200 }, 100);
          try {
            await hangUpAfter(s.port, 20);
            await delay(150);
            // Admitted, upgraded, and never heard of again: Deno sends no event.
            assert.deepEqual(s.held(), { user: 1, address: 1 });
            await delay(300);
            assert.deepEqual(s.held(), { user: 0, address: 0 });
            assert.equal(s.hub.socketCount, 0);
          } finally {
            await s.close();
          }
        },
      );

      await t.step(
        "shutdown closes open sockets with 1012 and gives their slots back",
        async () => {
          const s = await serveHub(db, {});
          try {
            const client = new WebSocket(`ws://127.0.0.1:${s.port}/`);
            await new Promise((r) => client.addEventListener("open", r));
            assert.deepEqual(s.held(), { user: 1, address: 1 });
            const closed = new Promise<number>((r) =>
              client.addEventListener("close", (e) => r(e.code))
            );
            await s.hub.shutdown();
            assert.equal(await closed, CLOSE.RESTART);
            await delay(50);
            assert.deepEqual(s.held(), { user: 0, address: 0 });
          } finally {
            await s.close();
          }
        },
      );
    } finally {
      await delay(100);
      await close();
    }
  },
});
