// On real PostgreSQL (concurrent connections): accepting a proposal while
// the other side cancels the booking. Exactly one wins, every round.
import assert from "node:assert/strict";
import { fixtures } from "@/lib/bookings/_testing.ts";
import { openTestDatabase, realPostgresUrl } from "@/tests/_db.ts";
import { createTestBooking } from "@/tests/_db.ts";
import { cancelBooking } from "@/lib/bookings/lifecycle.ts";
import {
  acceptReschedule,
  proposeReschedule,
} from "@/lib/bookings/reschedule.ts";
import { listProposals } from "@/lib/bookings/proposals.ts";
import { listEvents } from "@/lib/bookings/history.ts";
import { getBooking } from "@/lib/bookings/queries.ts";
import { ConflictError } from "@/lib/errors.ts";

const ROUNDS = 20;
const HOUR = 3_600_000;

Deno.test("accepting a proposal while the other side cancels: exactly one wins (postgres, 20 rounds)", async () => {
  const { db, close } = await openTestDatabase(realPostgresUrl());
  const { teacher, student } = fixtures(db);
  const wins = { accept: 0, cancel: 0 };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const ada = await teacher();
      const bob = await student();
      const b = await createTestBooking(db, {
        teacher: ada,
        student: bob,
        startInMinutes: 72 * 60,
      });
      const target = new Date(b.start_at.getTime() + 24 * HOUR);
      // The teacher proposes; the student accepts while the teacher cancels.
      await proposeReschedule(db, ada, b.id, target);
      const [accept, cancel] = await Promise.allSettled([
        acceptReschedule(db, bob, b.id),
        cancelBooking(db, ada, b.id, "Cannot make it", new Date(), {
          expectedStartAt: b.start_at,
        }),
      ]);
      const won = [accept, cancel].filter((r) => r.status === "fulfilled");
      assert.equal(
        won.length,
        1,
        `round ${round}: ${JSON.stringify([accept, cancel])}`,
      );
      const lost = [accept, cancel].find((r) =>
        r.status === "rejected"
      ) as PromiseRejectedResult;
      assert.ok(lost.reason instanceof ConflictError, String(lost.reason));
      const after = (await getBooking(db, b.id))!;
      const [proposal] = await listProposals(db, b.id);
      const kinds = (await listEvents(db, b.id)).map((e) => e.kind);
      if (accept.status === "fulfilled") {
        wins.accept++;
        assert.equal(after.status, "confirmed");
        assert.equal(after.start_at.getTime(), target.getTime());
        assert.equal(proposal.status, "accepted");
        assert.deepEqual(kinds, ["reschedule_proposed", "reschedule_accepted"]);
      } else {
        wins.cancel++;
        assert.equal(after.status, "cancelled");
        assert.equal(after.start_at.getTime(), b.start_at.getTime());
        assert.equal(after.rescheduled_from, null);
        assert.equal(proposal.status, "closed");
        assert.deepEqual(kinds, ["reschedule_proposed", "cancelled"]);
      }
    }
    console.log(`accept won ${wins.accept}, cancel won ${wins.cancel}`);
  } finally {
    await close();
  }
});
