import assert from "node:assert/strict";
import { loadBookingPage } from "@/lib/bookings/page_reads.ts";
import {
  addBookingMessage,
  getLessonNotes,
  listBookingMessages,
  saveLessonNotes,
} from "@/lib/bookings/lesson_record.ts";
import { lifecycleView } from "@/lib/bookings/lifecycle_view.ts";
import { listEvents } from "@/lib/bookings/history.ts";
import { getOpenProposal } from "@/lib/bookings/proposals.ts";
import { getSchedulePolicy } from "@/lib/availability/store.ts";
import { getLatestDispute, raiseDispute } from "@/lib/bookings/disputes.ts";
import { getRatingForViewer, rateBooking } from "@/lib/ratings/store.ts";
import {
  listWhiteboardOps,
  saveWhiteboardOps,
} from "@/lib/whiteboard/store.ts";
import { proposeReschedule } from "@/lib/bookings/reschedule.ts";
import { admitToRoom } from "@/lib/bookings/room.ts";
import { ForbiddenError, NotFoundError } from "@/lib/errors.ts";
import { type Read, run, runAll, toDate } from "@/lib/db/reads.ts";
import { ENGINE, fixtures } from "@/lib/bookings/_testing.ts";
import {
  createTestBooking,
  createTestSlot,
  openTestDatabase,
} from "@/tests/_db.ts";

Deno.test(`runAll() (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    const numbers = (
      from: number,
      to: number,
      desc = false,
    ): Read<number[]> => ({
      text: `SELECT n, $1::timestamptz + n * interval '1 day' AS at
             FROM generate_series($2::int, $3::int) AS n`,
      params: [new Date("2026-01-01T00:00:00Z"), from, to],
      orderBy: desc ? "n DESC, at" : "n",
      decode: (rows) => rows.map((r) => Number(r.n)),
    });
    const firstDay: Read<Date | null> = {
      text: `SELECT $1::timestamptz AS at WHERE $2::boolean`,
      params: [new Date("2026-03-04T05:06:07.089Z"), true],
      decode: ([row]) => row ? toDate(row.at) : null,
    };

    await t.step("one statement gives what each read gives alone", async () => {
      const reads = [
        numbers(1, 3),
        firstDay,
        numbers(5, 7, true),
        numbers(9, 8),
      ] as const;
      const together = await runAll(db, reads);
      assert.deepEqual(together, [
        [1, 2, 3],
        new Date("2026-03-04T05:06:07.089Z"),
        [7, 6, 5],
        [],
      ]);
      const alone: unknown[] = [];
      for (const read of reads) alone.push(await run<unknown>(db, read));
      assert.deepEqual(together, alone);
    });

    await t.step("a read's parameters stay its own past $9", async () => {
      const reads = Array.from({ length: 5 }, (_, i) => numbers(i, i + 1));
      assert.deepEqual(await runAll(db, reads), [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 5],
      ]);
    });
  } finally {
    await close();
  }
});

Deno.test(`loadBookingPage() (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  try {
    const ada = await teacher();
    const sam = await student();
    const now = new Date();
    // A finished lesson with everything the page shows of it…
    const past = await createTestBooking(db, {
      teacher: ada,
      student: sam,
      startInMinutes: -120,
      status: "completed",
    });
    for (const [author, text] of [[sam, "Hello"], [ada, "Hi Sam"]] as const) {
      await addBookingMessage(db, {
        bookingId: past.id,
        authorId: author.id,
        id: `m-${author.id.slice(0, 8)}`,
        text,
      });
    }
    await saveLessonNotes(db, ada, past.id, {
      notes: "Past tense",
      homework: "Exercise 4",
    });
    await saveWhiteboardOps(db, past.id, [
      { id: "w-2", t: 2, p: 1, k: "text", c: 0, x: 1, y: 2, s: "page two" },
      { id: "w-1", t: 1, p: 0, k: "pen", c: 1, w: 4, pts: [0, 0, 5, 5] },
    ]);
    await rateBooking(db, sam, past.id, { stars: 4, comment: "Clear" });
    await raiseDispute(db, ada, past.id, "The student never came");
    // …and one to come with a proposal to move it.
    const next = await createTestBooking(db, {
      teacher: ada,
      student: sam,
      startInMinutes: 24 * 60,
    });
    const free = await createTestSlot(db, ada, { startInMinutes: 26 * 60 });
    await proposeReschedule(db, sam, next.id, free.start_at);

    for (
      const [name, id, viewer] of [["past", past.id, sam], [
        "next",
        next.id,
        ada,
      ]] as const
    ) {
      await t.step(
        `the ${name} lesson reads as its separate reads do`,
        async () => {
          const reads = await loadBookingPage(db, viewer, id, now);
          const expected = await admitToRoom(db, viewer, id, now);
          const booking = expected.booking;
          const other = viewer.id === sam.id ? ada : sam;
          assert.deepEqual(reads, {
            admission: expected,
            // Each part read alone, by the driver's own types.
            record: {
              messages: await listBookingMessages(db, id),
              notes: await getLessonNotes(db, id),
              whiteboard: await listWhiteboardOps(db, id),
            },
            lifecycle: lifecycleView(booking, viewer.id, now, [
              await listEvents(db, id),
              await getOpenProposal(db, id, now),
              await getSchedulePolicy(db, booking.teacher_id),
            ]),
            dispute: await getLatestDispute(db, id),
            rating: await getRatingForViewer(db, viewer, booking),
            otherTimeZone: other.time_zone,
          });
          if (name === "past") {
            assert.deepEqual(reads.record.messages.map((m) => m.text), [
              "Hello",
              "Hi Sam",
            ]);
            assert.equal(reads.record.notes?.homework, "Exercise 4");
            assert.ok(reads.record.notes?.updated_at instanceof Date);
            assert.deepEqual(reads.record.whiteboard.map((o) => o.id), [
              "w-1",
              "w-2",
            ]);
            assert.equal(reads.rating?.stars, 4);
            assert.ok(reads.rating?.lesson_start_at instanceof Date);
            assert.equal(reads.dispute?.status, "open");
            assert.ok(reads.dispute?.created_at instanceof Date);
            assert.ok(reads.lifecycle.events.length > 0);
            assert.ok(reads.lifecycle.events[0].at instanceof Date);
          } else {
            assert.ok(reads.lifecycle.proposal?.start_at instanceof Date);
            assert.equal(
              reads.lifecycle.proposal?.start_at.getTime(),
              free.start_at.getTime(),
            );
            assert.equal(reads.dispute, null);
            assert.equal(reads.rating, null);
          }
        },
      );
    }

    await t.step(
      "an outsider gets the 403 and an unknown id the 404",
      async () => {
        const eve = await student();
        await assert.rejects(
          loadBookingPage(db, eve, past.id, now),
          ForbiddenError,
        );
        await assert.rejects(
          loadBookingPage(db, eve, crypto.randomUUID(), now),
          NotFoundError,
        );
      },
    );
  } finally {
    await close();
  }
});
