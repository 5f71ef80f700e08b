import assert from "node:assert/strict";
import { ChatLimiter, ChatStore } from "@/lib/signaling/chat.ts";
import { parseClientMessage } from "@/lib/signaling/schema.ts";
import { MAX_CHAT_LENGTH } from "@/lib/signaling/protocol.ts";
import { listBookingMessages } from "@/lib/bookings/lesson_record.ts";
import { ENGINE, fixtures } from "@/lib/bookings/_testing.ts";
import { createTestBooking, openTestDatabase } from "@/tests/_db.ts";

const send = (fields: Record<string, unknown>) =>
  parseClientMessage(JSON.stringify({ type: "chat:send", ...fields }));

Deno.test("chat:send is trimmed and accepted with an id and printable text", () => {
  assert.deepEqual(send({ id: "a1", text: "  Hello\nthere\t ", extra: 1 }), {
    ok: true,
    message: { type: "chat:send", id: "a1", text: "Hello\nthere" },
  });
  const uuid = crypto.randomUUID();
  assert.equal(send({ id: uuid, text: "x".repeat(MAX_CHAT_LENGTH) }).ok, true);
});

Deno.test("chat:send refuses blank, too long, control characters and bad ids", () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ id: "a", text: "   \n " }, /text: Must not be blank/],
    [{ id: "a", text: "x".repeat(MAX_CHAT_LENGTH + 1) }, /text: At most 2000/],
    [{ id: "a", text: "bell\u0007" }, /text: Must not contain control/],
    [{ id: "a", text: "nul\u0000" }, /control/],
    [{ id: "a", text: "c1\u0085" }, /control/],
    [{ id: "a", text: 5 }, /text/],
    [{ text: "hi" }, /id/],
    [{ id: "", text: "hi" }, /id: Must be a message id/],
    [{ id: "a b", text: "hi" }, /id: Must be a message id/],
    [{ id: "x".repeat(65), text: "hi" }, /id: Must be a message id/],
  ];
  for (const [fields, message] of cases) {
    const result = send(fields);
    assert.equal(result.ok, false, JSON.stringify(fields));
    if (!result.ok) {
      assert.equal(result.code, "invalid_message");
      assert.match(result.message, message);
    }
  }
});

Deno.test("ChatLimiter allows a burst of 10, then one a second, per user", () => {
  const limiter = new ChatLimiter();
  for (let i = 0; i < 10; i++) {
    assert.ok(limiter.take("ada", 0), `message ${i}`);
  }
  assert.equal(limiter.take("ada", 0), false, "the 11th at once");
  assert.ok(limiter.take("sam", 0), "another user has their own budget");
  assert.equal(limiter.take("ada", 900), false);
  assert.ok(limiter.take("ada", 1_000), "one more after a second");
  limiter.sweep(5_000);
  assert.equal(limiter.size, 1, "sam's full budget is forgotten");
  limiter.sweep(20_000);
  assert.equal(limiter.size, 0);
});

Deno.test(`ChatStore (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  try {
    const ada = await teacher();
    const sam = await student();
    const booking = await createTestBooking(db, {
      teacher: ada,
      student: sam,
      startInMinutes: -5,
    });

    await t.step(
      "stores in order, once per id, and says when it was a resend",
      async () => {
        const store = new ChatStore(db);
        const outcomes = await Promise.all(
          ["one", "two", "three"].map((text, i) =>
            store.store(booking.id, sam.id, { id: `s${i}`, text })
          ),
        );
        assert.deepEqual(outcomes.map((o) => o.ok && o.message.text), [
          "one",
          "two",
          "three",
        ]);
        const first = outcomes[0];
        assert.ok(first.ok);
        assert.equal(first.message.authorId, sam.id);
        assert.ok(!Number.isNaN(Date.parse(first.message.at)));
        const again = await store.store(booking.id, sam.id, {
          id: "s0",
          text: "one",
        });
        assert.ok(again.ok && again.duplicate);
        assert.deepEqual(again.message, first.message);
        assert.deepEqual(
          (await listBookingMessages(db, booking.id)).map((m) => m.text),
          ["one", "two", "three"],
        );
      },
    );

    await t.step("refuses past the rate and stores nothing then", async () => {
      const store = new ChatStore(db, new ChatLimiter(2, 0.001));
      const out = [];
      for (let i = 0; i < 3; i++) {
        out.push(
          await store.store(booking.id, ada.id, { id: `r${i}`, text: "hi" }),
        );
      }
      assert.deepEqual(out.map((o) => o.ok), [true, true, false]);
      const refused = out[2];
      assert.ok(!refused.ok);
      assert.deepEqual(refused.error, {
        type: "error",
        code: "rate_limited",
        message: "Too many chat messages: wait a moment",
        id: "r2",
      });
      const ids = (await listBookingMessages(db, booking.id)).map((m) => m.id);
      assert.ok(!ids.includes("r2"));
    });

    await t.step(
      "a failed write is an error for the sender, not a crash",
      async () => {
        const store = new ChatStore(db);
        const outcome = await store.store(crypto.randomUUID(), ada.id, {
          id: "x",
          text: "to a booking that does not exist",
        });
        assert.ok(!outcome.ok);
        assert.equal(outcome.error.code, "chat_failed");
        assert.equal(outcome.error.id, "x");
      },
    );
  } finally {
    await close();
  }
});
