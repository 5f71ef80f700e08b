import assert from "node:assert/strict";
import type { Op } from "@/lib/whiteboard/ops.ts";
import { BoardSync, type SyncChannel } from "@/lib/whiteboard/sync.ts";

type Listener = (e: MessageEvent) => void;

/** One end of an in-memory data channel; messages arrive in order, async. */
class FakeChannel implements SyncChannel {
  readyState = "connecting";
  peer: FakeChannel | null = null;
  sent: string[] = [];
  #listeners = { open: new Set<Listener>(), message: new Set<Listener>() };

  send(data: string): void {
    if (this.readyState !== "open") throw new Error("not open");
    this.sent.push(data);
    const peer = this.peer!;
    queueMicrotask(() => {
      if (peer.readyState !== "open") return;
      peer.#listeners.message.forEach((fn) => fn({ data } as MessageEvent));
    });
  }
  addEventListener(type: "open" | "message", fn: Listener): void {
    this.#listeners[type].add(fn);
  }
  removeEventListener(type: "open" | "message", fn: Listener): void {
    this.#listeners[type].delete(fn);
  }
  open(): void {
    this.readyState = "open";
    this.#listeners.open.forEach((fn) => fn({} as MessageEvent));
  }
  close(): void {
    this.readyState = "closed";
  }
}

function pair(): [FakeChannel, FakeChannel] {
  const a = new FakeChannel();
  const b = new FakeChannel();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** Lets queued channel messages arrive (a few rounds of replies). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
}

/** A server that stores the union of saved ops, as the API does. */
function fakeServer(initial: Op[] = []) {
  const stored = new Map(initial.map((op) => [op.id, op]));
  const puts: Op[][] = [];
  let status = 200;
  const fetchImpl = ((_url: string, init?: RequestInit) => {
    if (init?.method === "PUT") {
      const { ops } = JSON.parse(String(init.body));
      puts.push(ops);
      if (status !== 200) {
        return Promise.resolve(new Response("{}", { status }));
      }
      ops.forEach((op: Op) => stored.set(op.id, op));
      return Promise.resolve(Response.json({ added: ops.length }));
    }
    return Promise.resolve(Response.json({ ops: [...stored.values()] }));
  }) as typeof fetch;
  return {
    fetchImpl,
    stored,
    puts,
    fail: (s: number) => (status = s),
  };
}

const line = (p = 0) => ({
  k: "pen" as const,
  p,
  c: 0,
  w: 4 as const,
  pts: [1, 2, 3, 4],
});

const ids = (s: BoardSync) => s.pages().map((p) => p.map((m) => m.id));

Deno.test("BoardSync: a drawn line reaches the other side once", async () => {
  const server = fakeServer();
  const a = new BoardSync("b1", server.fetchImpl, 5);
  const b = new BoardSync("b1", server.fetchImpl, 5);
  const [ca, cb] = pair();
  a.attach(ca);
  b.attach(cb);
  ca.open();
  cb.open();
  await settle();
  const op = a.add(line());
  await settle();
  assert.deepEqual(ids(b), [[op.id]]);
  // Live op, then digests that now match: no full resend.
  assert.equal(ca.sent.filter((m) => m.includes('"ops"')).length, 1);
  assert.equal(b.log.digest(), a.log.digest());
  a.dispose();
  b.dispose();
});

Deno.test("BoardSync: after a reconnect both sides hold the union", async () => {
  const server = fakeServer();
  const a = new BoardSync("b1", server.fetchImpl, 5);
  const b = new BoardSync("b1", server.fetchImpl, 5);
  // Drawn apart (no channel), including an undo and a new page.
  const a1 = a.add(line());
  a.add(line());
  assert.ok(a.undo());
  a.add({ k: "page", p: 1 });
  const b1 = b.add(line(1));
  const b2 = b.add({ k: "clear", p: 0 });
  const [ca, cb] = pair();
  a.attach(ca);
  b.attach(cb);
  ca.open();
  cb.open();
  await settle();
  assert.equal(a.log.digest(), b.log.digest());
  assert.deepEqual(ids(a), ids(b));
  assert.equal(a.pageCount(), 2);
  // b's clear (time 2) comes after a's first line (time 1) and a's second
  // line is undone: page 1 is empty on both sides; page 2 has b's line.
  assert.deepEqual(ids(b), [[], [b1.id]]);
  assert.ok(b.log.has(a1.id) && a.log.has(b2.id));

  // A new channel (reconnect) after more drawing on one side.
  const [ca2, cb2] = pair();
  const a3 = a.add(line(1)); // not sent: the old channel is gone
  ca.close();
  a.attach(ca2);
  b.attach(cb2);
  ca2.open();
  cb2.open();
  await settle();
  assert.ok(b.log.has(a3.id));
  assert.equal(a.log.digest(), b.log.digest());
  a.dispose();
  b.dispose();
});

Deno.test("BoardSync: ignores chat and malformed messages", async () => {
  const a = new BoardSync("b1", fakeServer().fetchImpl, 5);
  const [ca, cb] = pair();
  a.attach(ca);
  ca.open();
  cb.open();
  for (
    const data of [
      JSON.stringify({ id: "m1", text: "hello" }),
      '{"wb":"ops","ops":[{"id":"x","t":1,"p":0,"k":"pen","c":9,"w":4,"pts":[1,1]}]}',
      '{"wb":"ops","ops":"no"}',
      '{"wb": broken',
    ]
  ) cb.send(data);
  await settle();
  assert.equal(a.log.size, 0);
  a.dispose();
});

Deno.test("BoardSync: loads the saved board and saves only what is new", async () => {
  const saved: Op = {
    id: "s-0",
    t: 1,
    p: 0,
    k: "text",
    c: 0,
    x: 1,
    y: 1,
    s: "Hi",
  };
  const server = fakeServer([saved]);
  const a = new BoardSync("b1", server.fetchImpl, 5);
  await a.load();
  assert.deepEqual(ids(a), [["s-0"]]);
  const op = a.add(line());
  assert.equal(op.t, 2, "the clock continues after the saved ops");
  await a.save();
  assert.deepEqual(server.puts.map((ops) => ops.map((o) => o.id)), [[op.id]]);
  await a.save();
  assert.equal(server.puts.length, 1, "nothing left to save");

  // A refused save keeps the ops for the next try; a full board stops.
  server.fail(500);
  const next = a.add(line());
  await a.save();
  assert.equal(server.stored.has(next.id), false);
  server.fail(200);
  await a.save();
  assert.equal(server.stored.has(next.id), true);
  server.fail(413);
  a.add(line());
  await a.save();
  assert.equal(a.problem.value, "room.board.full");
  a.dispose();
});

Deno.test("BoardSync: a long board goes over in messages under 60,000 characters", async () => {
  const a = new BoardSync("b1", fakeServer().fetchImpl, 5);
  const b = new BoardSync("b1", fakeServer().fetchImpl, 5);
  const long = Array.from({ length: 2000 }, (_, i) => 1000 - (i % 900));
  for (let i = 0; i < 30; i++) a.add({ ...line(), pts: long });
  const [ca, cb] = pair();
  a.attach(ca);
  b.attach(cb);
  ca.open();
  cb.open();
  await settle();
  assert.equal(b.log.size, 30);
  const sizes = ca.sent.map((m) => m.length);
  assert.ok(Math.max(...sizes) <= 60_000, `${Math.max(...sizes)}`);
  assert.ok(sizes.length >= 4, "split into several messages");
  a.dispose();
  b.dispose();
});
