// Connection slots of the signaling relay are given back on every path: a
// client that hangs up mid-upgrade while the database is slow, an upgrade
// that fails, a socket that closes or errors, a shutdown; and the per-user
// reconnect budget refuses a reconnect loop before the upgrade. The app runs
// in-process behind Deno.serve on the real PostgreSQL server, reached through
// a pausable proxy so that a test can slow the database down.
import assert from "node:assert/strict";
import { until } from "@/tests/_wait.ts";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import {
  createTestBooking,
  createTestUser,
  realPostgresUrl,
} from "@/tests/_db.ts";
import {
  delay,
  sendUpgradeRequest,
  sessionCookie,
  SignalClient,
  signalUrl,
  tryUpgrade,
} from "@/tests/_server.ts";
import { pausableProxy, proxiedUrl } from "@/tests/_pausable_proxy.ts";
import { setAppContext } from "@/lib/context.ts";
import { loadConfig } from "@/lib/config.ts";
import { type HubOptions, SignalingHub } from "@/lib/signaling/hub.ts";
import { MemoryBus } from "@/lib/signaling/bus.ts";

/** The address the test app sees every request come from. */
const ADDRESS = "127.0.0.1";

/**
 * Opens a raw TCP connection and sends a WebSocket upgrade request with
 * these headers; `readHead` waits for the answer's head and returns it.
 */
async function rawUpgrade(url: string, headers: Record<string, string>) {
  const conn = await sendUpgradeRequest(url, headers);
  return {
    conn,
    async readHead(): Promise<string> {
      let head = "";
      const chunk = new Uint8Array(4096);
      while (!head.includes("\r\n\r\n")) {
        const n = await conn.read(chunk);
        if (n === null) break;
        head += new TextDecoder().decode(chunk.subarray(0, n));
      }
      return head;
    },
    close() {
      try {
        conn.close();
      } catch {
        // Already closed.
      }
    },
  };
}

Deno.test({
  name: "signaling slots and reconnect budget (real PostgreSQL, real sockets)",
  // A client that hangs up mid-upgrade leaves Deno an upgrade that never
  // finishes (no event, no way to close it), so the server cannot drain;
  // it is left to the end of the test process.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const url = realPostgresUrl();
    const target = new URL(url);
    const proxy = pausableProxy({
      hostname: target.hostname,
      port: Number(target.port || 5432),
    });
    const app: TestApp = await createTestApp({}, {
      url: proxiedUrl(url, proxy),
    });
    const hubs: SignalingHub[] = [];
    /** Serves the app with a hub of its own limits. */
    const useHub = (options: Partial<HubOptions>) => {
      const hub = new SignalingHub(app.db, new MemoryBus(), options);
      hubs.push(hub);
      setAppContext({
        db: app.db,
        config: loadConfig({}),
        jwtSecret: app.jwtSecret,
        signaling: hub,
      });
      return hub;
    };
    const server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen() {} },
      (req) => app.handler(req),
    );
    const origin = `http://127.0.0.1:${server.addr.port}`;
    const lesson = async () => {
      const teacher = await createTestUser(app.db, { role: "teacher" });
      const student = await createTestUser(app.db);
      const booking = await createTestBooking(app.db, {
        teacher,
        student,
        startInMinutes: -5,
      });
      const cookie = sessionCookie(await app.tokenFor(student));
      return {
        student,
        cookie,
        ws: signalUrl(origin, booking.id),
        teacherCookie: sessionCookie(await app.tokenFor(teacher)),
      };
    };

    try {
      await t.step(
        "a client hanging up before the 101 while the database is slow gives its slot back",
        async () => {
          const hub = useHub({ openTimeoutMs: 500 });
          const l = await lesson();
          // More drops than the per-user cap (4).
          for (let i = 0; i < 6; i++) {
            proxy.pause();
            const raw = await rawUpgrade(l.ws, { cookie: l.cookie, origin });
            await delay(100);
            raw.close();
            proxy.resume();
            // The server finishes the admission nobody waits for any more.
            await delay(300);
          }
          // Past the open timeout: every abandoned upgrade gave its slot back.
          await delay(600);
          const client = await SignalClient.connect(l.ws, {
            cookie: l.cookie,
            origin,
          });
          await client.expect("booking:joined");
          assert.deepEqual(hub.guard.held(l.student.id, ADDRESS), {
            user: 1,
            address: 1,
          });
          await client.close();
          await until(
            () => hub.guard.held(l.student.id, ADDRESS).user === 0,
            "the closed socket's slot to come back",
          );
        },
      );

      await t.step(
        "a malformed upgrade is refused with 400 and takes no slot",
        async () => {
          const hub = useHub({});
          const l = await lesson();
          // No Sec-WebSocket-Key: Deno.upgradeWebSocket would throw.
          const res = await fetch(l.ws.replace(/^ws/, "http"), {
            headers: {
              upgrade: "websocket",
              connection: "Upgrade",
              cookie: l.cookie,
              origin,
            },
          });
          assert.equal(res.status, 400);
          assert.equal((await res.json()).error.code, "invalid_request");
          assert.deepEqual(hub.guard.held(l.student.id, ADDRESS), {
            user: 0,
            address: 0,
          });
        },
      );

      await t.step(
        "a socket that errors (a corrupt frame) gives its slot back",
        async () => {
          const hub = useHub({});
          const l = await lesson();
          const raw = await rawUpgrade(l.ws, { cookie: l.cookie, origin });
          assert.match(await raw.readHead(), /^HTTP\/1\.1 101/);
          await until(() => hub.socketCount === 1, "the socket to open");
          assert.equal(hub.guard.held(l.student.id, ADDRESS).user, 1);
          // Reserved bits set and no mask: a protocol error.
          await raw.conn.write(new Uint8Array([0xf1, 0x05, 1, 2, 3, 4, 5]));
          await until(
            () => hub.guard.held(l.student.id, ADDRESS).user === 0,
            "the errored socket's slot to come back",
          );
          raw.close();
        },
      );

      await t.step(
        "shutting the hub down gives back the slots of upgrades still opening",
        async () => {
          const hub = useHub({ openTimeoutMs: 60_000 });
          const l = await lesson();
          proxy.pause();
          const raw = await rawUpgrade(l.ws, { cookie: l.cookie, origin });
          await delay(100);
          raw.close();
          proxy.resume();
          await until(
            () => hub.guard.held(l.student.id, ADDRESS).user === 1,
            "the admission to finish",
          );
          await hub.shutdown();
          assert.deepEqual(hub.guard.held(l.student.id, ADDRESS), {
            user: 0,
            address: 0,
          });
        },
      );

      await t.step(
        "a reconnect loop is refused with 429 before the upgrade; other users are not",
        async () => {
          const hub = useHub({ reconnectBurst: 3, reconnectsPerMinute: 6 });
          const l = await lesson();
          for (let i = 0; i < 3; i++) {
            const client = await SignalClient.connect(l.ws, {
              cookie: l.cookie,
              origin,
            });
            await client.expect("booking:joined");
            await client.close();
          }
          const refused = await tryUpgrade(l.ws, { cookie: l.cookie, origin });
          assert.equal(refused.status, 429);
          assert.equal(refused.headers.get("retry-after"), "10");
          assert.equal(
            refused.headers.get("content-type"),
            "application/json",
          );
          assert.equal(
            (await refused.json()).error.code,
            "too_many_requests",
          );
          assert.equal(hub.guard.held(l.student.id, ADDRESS).user, 0);
          // The teacher of the same booking has a budget of their own.
          const teacher = await SignalClient.connect(l.ws, {
            cookie: l.teacherCookie,
            origin,
          });
          await teacher.expect("booking:joined");
          await teacher.close();
        },
      );
    } finally {
      proxy.resume();
      for (const hub of hubs) await hub.shutdown();
      await delay(200);
      await app.close();
      // Upgrades whose client hung up never finish: do not wait for them.
      await Promise.race([server.shutdown(), delay(500)]);
      server.unref();
      await proxy.close();
    }
  },
});
