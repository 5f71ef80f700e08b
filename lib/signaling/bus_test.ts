import assert from "node:assert/strict";
import { until } from "@/tests/_wait.ts";
import { realPostgresUrl } from "@/tests/_db.ts";
import {
  BusBacklogError,
  type BusDelivery,
  channelFor,
  MemoryBus,
  MemoryNetwork,
  NOTIFY_LIMIT_BYTES,
  PostgresBus,
  type RoomEvent,
  type SignalBus,
  utf8Length,
} from "@/lib/signaling/bus.ts";
import { type Database, ident, openDatabase } from "@/lib/db/connection.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { pausableProxy, proxiedUrl } from "@/tests/_pausable_proxy.ts";

type Delivered = Omit<BusDelivery, "sentAt">;

Deno.test("utf8Length counts the bytes TextEncoder would write", () => {
  for (
    const text of [
      "",
      "v=0",
      "é",
      "✓",
      "𝄞",
      "a=é✓𝄞\r\n".repeat(50),
      // What the bus measures is JSON, where a lone surrogate is escaped.
      JSON.stringify({ sdp: "\ud800 half" }),
    ]
  ) {
    assert.equal(utf8Length(text), new TextEncoder().encode(text).length, text);
  }
});

/**
 * Collects the deliveries of one bus for rooms with a prefix (NOTIFY is
 * database-wide), checking and then leaving out their send time.
 */
function collect(bus: SignalBus, prefix = ""): Delivered[] {
  const got: Delivered[] = [];
  bus.subscribe(({ sentAt, ...d }) => {
    if (!d.room.startsWith(prefix)) return;
    assert.equal(typeof sentAt, "number");
    assert.ok(
      sentAt <= Date.now() && sentAt > Date.now() - 60_000,
      `sentAt ${sentAt} is a recent time`,
    );
    got.push(d);
  });
  return got;
}

function relay(sdp: string): RoomEvent {
  return {
    kind: "relay",
    fromUserId: "u1",
    message: { type: "webrtc:offer", sdp, fromUserId: "u1" },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

Deno.test("MemoryBus delivers to the other buses of its network, never to itself", async () => {
  const network = new MemoryNetwork();
  const a = new MemoryBus(network);
  const b = new MemoryBus(network);
  const c = new MemoryBus(network);
  const [gotA, gotB, gotC] = [collect(a), collect(b), collect(c)];
  const event: RoomEvent = { kind: "leave", userId: "u1", connId: "c1" };
  await a.publish("room-1", event);
  await until(() => gotB.length === 1 && gotC.length === 1, "deliveries");
  await settle();
  assert.equal(gotA.length, 0);
  assert.deepEqual(gotB, [{ room: "room-1", origin: a.instanceId, event }]);
  assert.deepEqual(gotC, gotB);
  assert.notEqual(a.instanceId, b.instanceId);
  await Promise.all([a.close(), b.close(), c.close()]);
});

Deno.test("MemoryBus on separate networks do not hear each other", async () => {
  const a = new MemoryBus();
  const b = new MemoryBus();
  const got = collect(b);
  await a.publish("room-1", { kind: "close-room", reason: "x" });
  await settle();
  assert.equal(got.length, 0);
  await Promise.all([a.close(), b.close()]);
});

Deno.test("MemoryBus delivers a copy, in order, and stops after unsubscribe and close", async () => {
  const network = new MemoryNetwork();
  const a = new MemoryBus(network);
  const b = new MemoryBus(network);
  const got: BusDelivery[] = [];
  const unsubscribe = b.subscribe((d) => got.push(d));
  const before = Date.now();
  const event = relay("v=0");
  for (let i = 0; i < 100; i++) {
    await a.publish("room-1", { kind: "leave", userId: `u${i}`, connId: "c" });
  }
  await a.publish("room-1", event);
  await until(() => got.length === 101, "101 deliveries");
  assert.deepEqual(
    got.slice(0, 100).map((d) => (d.event as { userId: string }).userId),
    Array.from({ length: 100 }, (_, i) => `u${i}`),
  );
  assert.deepEqual(got[100].event, event);
  assert.notEqual(got[100].event, event);
  assert.ok(got.every((d) => d.sentAt >= before && d.sentAt <= Date.now()));

  unsubscribe();
  await a.publish("room-1", event);
  await settle();
  assert.equal(got.length, 101);

  const after = collect(b);
  await b.close();
  await a.publish("room-1", event);
  await settle();
  assert.equal(after.length, 0);
  assert.equal(network.buses.has(b), false);
  await a.close();
});

/** Two handles on one database, as two instances would have. */
async function openPair(): Promise<
  {
    kind: string;
    schema: string | null;
    first: Database;
    second: Database;
    close(): Promise<void>;
  }
> {
  const url = Deno.env.get("TEST_DATABASE_URL");
  if (!url) {
    const db = await openDatabase({});
    await migrate(db);
    return {
      kind: "pglite",
      schema: null,
      first: db,
      second: db,
      close: () => db.close(),
    };
  }
  const schema = `test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const first = await openDatabase({ url, schema, poolSize: 4 });
  await migrate(first);
  const second = await openDatabase({ url, schema, poolSize: 4 });
  return {
    kind: "postgres",
    schema,
    first,
    second,
    async close() {
      await second.close();
      await first.query(`DROP SCHEMA ${ident(schema)} CASCADE`);
      await first.close();
    },
  };
}

Deno.test("PostgresBus carries small and large events between instances, in order", async (t) => {
  const pair = await openPair();
  const a = await PostgresBus.start(pair.first, pair.schema);
  const b = await PostgresBus.start(pair.second, pair.schema);
  const prefix = `room-${crypto.randomUUID()}`;
  const gotA = collect(a, prefix);
  const gotB = collect(b, prefix);
  try {
    await t.step(
      `${pair.kind}: a small event reaches the other instance only`,
      async () => {
        const event: RoomEvent = {
          kind: "join",
          member: {
            userId: "u1",
            username: "Ada ✓",
            isMuted: false,
            isVideoOff: true,
            connId: "c1",
          },
        };
        await a.publish(`${prefix}-1`, event);
        await until(() => gotB.length === 1, "the delivery");
        await settle();
        assert.deepEqual(gotB, [{
          room: `${prefix}-1`,
          origin: a.instanceId,
          event,
        }]);
        assert.equal(gotA.length, 0);
        gotB.length = 0;
      },
    );

    await t.step(
      `${pair.kind}: an event over NOTIFY's 8000-byte limit arrives intact`,
      async () => {
        // Multi-byte characters: the limit is in bytes, not characters.
        const sdp = "a=candidate é ✓ 𝄞\r\n".repeat(1_000);
        assert.ok(new TextEncoder().encode(sdp).length > 8_000);
        assert.ok(NOTIFY_LIMIT_BYTES < 8_000);
        await b.publish(`${prefix}-2`, relay(sdp));
        await until(() => gotA.length === 1, "the large delivery");
        assert.deepEqual(gotA[0], {
          room: `${prefix}-2`,
          origin: b.instanceId,
          event: relay(sdp),
        });
        const [row] = await pair.first.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM signal_messages",
        );
        assert.ok(row.count >= 1, "the large event went through the table");
        await settle();
        assert.equal(gotB.length, 0);
        gotA.length = 0;
      },
    );

    await t.step(
      `${pair.kind}: small and large events keep the publisher's order`,
      async () => {
        const sent: string[] = [];
        const sends: Promise<void>[] = [];
        for (let i = 0; i < 60; i++) {
          // Every third one is large, so it takes the slower path through the table.
          const sdp = `${i}:` + (i % 3 === 0 ? "x".repeat(9_000) : "v=0");
          sent.push(sdp);
          sends.push(a.publish(`${prefix}-3`, relay(sdp)));
        }
        await Promise.all(sends);
        await until(() => gotB.length === 60, "60 deliveries", 10_000);
        assert.deepEqual(
          gotB.map((d) =>
            (d.event as { message: { sdp: string } }).message.sdp
          ),
          sent,
        );
        gotB.length = 0;
      },
    );

    await t.step(
      `${pair.kind}: a burst leaves in a few NOTIFYs, each under the limit, in order`,
      async () => {
        const channel = await channelFor(pair.schema);
        const payloads: string[] = [];
        const unlisten = await pair.second.listen(
          channel,
          (payload) => payloads.push(payload),
        );
        try {
          const sent = Array.from({ length: 500 }, (_, i) => `${i}:v=0 ✓`);
          await Promise.all(
            sent.map((sdp) => a.publish(`${prefix}-4`, relay(sdp))),
          );
          await until(() => gotB.length === 500, "500 deliveries", 10_000);
          assert.deepEqual(
            gotB.map((d) =>
              (d.event as { message: { sdp: string } }).message.sdp
            ),
            sent,
          );
          assert.ok(
            gotB.every((d) => d.origin === a.instanceId),
            "every delivery names its instance",
          );
          await until(() => payloads.length > 0, "the raw notifications");
          assert.ok(
            payloads.length < 50,
            `500 events took ${payloads.length} NOTIFYs`,
          );
          for (const payload of payloads) {
            assert.ok(utf8Length(payload) <= NOTIFY_LIMIT_BYTES);
          }
        } finally {
          await unlisten();
        }
      },
    );
  } finally {
    await a.close();
    await b.close();
    await pair.close();
  }
});

Deno.test({
  name:
    "PostgresBus instances on different schemas of one database do not hear each other",
  async fn() {
    // Needs a real server: several schemas of one database.
    const url = realPostgresUrl();
    const schemas = [0, 1].map(() =>
      `test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`
    );
    const dbs = await Promise.all(
      schemas.map((schema) => openDatabase({ url, schema, poolSize: 2 })),
    );
    for (const db of dbs) await migrate(db);
    const here = await PostgresBus.start(dbs[0], schemas[0]);
    const other = await PostgresBus.start(dbs[1], schemas[1]);
    const room = `room-${crypto.randomUUID()}`;
    const heard = collect(here, room);
    try {
      // Another deployment sharing the database: same booking ids are
      // unlikely, but "*" events (logout) and large-event row ids collide.
      await other.publish(room, { kind: "close-room", reason: "elsewhere" });
      await other.publish(room, relay("y".repeat(9_000)));
      await settle();
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(heard, []);
    } finally {
      await here.close();
      await other.close();
      for (const [i, db] of dbs.entries()) {
        await db.query(`DROP SCHEMA ${ident(schemas[i])} CASCADE`);
        await db.close();
      }
    }
  },
});

Deno.test({
  name:
    "PostgresBus: while the database does not answer, waiting events are capped and the rest arrive afterwards, in order",
  async fn() {
    const url = new URL(realPostgresUrl());
    const proxy = pausableProxy({
      hostname: url.hostname,
      port: Number(url.port || 5432),
    });
    const schema = `test_${
      crypto.randomUUID().replaceAll("-", "").slice(0, 16)
    }`;
    const direct = await openDatabase({ url: url.href, schema, poolSize: 2 });
    await migrate(direct);
    const throughProxy = await openDatabase({
      url: proxiedUrl(url.href, proxy),
      schema,
      poolSize: 2,
    });
    const sender = await PostgresBus.start(throughProxy, schema, {
      maxQueued: 50,
    });
    const receiver = await PostgresBus.start(direct, schema);
    const room = `room-${crypto.randomUUID()}`;
    const got = collect(receiver, room);
    try {
      proxy.pause();
      const outcomes = Array.from(
        { length: 200 },
        (_, i) =>
          sender.publish(room, relay(`${i}`)).then(
            () => "sent",
            (err) => err instanceof BusBacklogError ? "refused" : String(err),
          ),
      );
      // The first is on its way, 50 wait, the other 149 are refused at once.
      await settle();
      assert.equal(got.length, 0, "nothing got through the paused proxy");
      proxy.resume();
      const results = await Promise.all(outcomes);
      assert.deepEqual(
        results,
        [
          ...Array(51).fill("sent"),
          ...Array(149).fill("refused"),
        ],
      );
      await until(() => got.length === 51, "51 deliveries", 10_000);
      assert.deepEqual(
        got.map((d) => (d.event as { message: { sdp: string } }).message.sdp),
        Array.from({ length: 51 }, (_, i) => `${i}`),
      );
      // Room again: publishing works as before.
      await sender.publish(room, relay("after"));
      await until(() => got.length === 52, "the delivery after");
    } finally {
      await sender.close();
      await receiver.close();
      await throughProxy.close();
      await direct.query(`DROP SCHEMA ${ident(schema)} CASCADE`);
      await direct.close();
      await proxy.close();
    }
  },
});
