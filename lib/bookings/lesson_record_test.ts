import assert from "node:assert/strict";
import {
  addBookingMessage,
  getLessonNotes,
  listBookingMessages,
  saveLessonNotes,
} from "@/lib/bookings/lesson_record.ts";
import { lessonNotesSchema } from "@/lib/bookings/lesson_record_schema.ts";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import { createTestBooking, openTestDatabase } from "@/tests/_db.ts";
import { ForbiddenError } from "@/lib/errors.ts";

Deno.test(`lesson record (${ENGINE})`, async (t) => {
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
      "addBookingMessage() keeps the order and stores a resent message once",
      async () => {
        const first = await addBookingMessage(db, {
          bookingId: booking.id,
          authorId: sam.id,
          id: "m-1",
          text: "Hello",
        });
        assert.equal(first.duplicate, false);
        assert.equal(first.message.seq, 1);
        const second = await addBookingMessage(db, {
          bookingId: booking.id,
          authorId: ada.id,
          id: "m-1", // the same id from the other author is another message
          text: "Hi Sam",
        });
        assert.equal(second.duplicate, false);
        assert.equal(second.message.seq, 2);
        const again = await addBookingMessage(db, {
          bookingId: booking.id,
          authorId: sam.id,
          id: "m-1",
          text: "Hello (resent)",
        });
        assert.equal(again.duplicate, true);
        assert.deepEqual(again.message, first.message);
        const list = await listBookingMessages(db, booking.id);
        assert.deepEqual(
          list.map((m) => [m.seq, m.author_id, m.id, m.text]),
          [[1, sam.id, "m-1", "Hello"], [2, ada.id, "m-1", "Hi Sam"]],
        );
        assert.ok(list[0].created_at instanceof Date);
      },
    );

    await t.step("concurrent messages each get their own seq", async () => {
      const kim = await student();
      const other = await createTestBooking(db, {
        teacher: ada,
        student: kim,
        startInMinutes: 120,
      });
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          addBookingMessage(db, {
            bookingId: other.id,
            authorId: i % 2 ? ada.id : kim.id,
            id: `c-${i}`,
            text: `message ${i}`,
          })),
      );
      const seqs = (await listBookingMessages(db, other.id)).map((m) => m.seq);
      assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6]);
    });

    await t.step("the table refuses a blank or over-long message", async () => {
      for (const text of ["", "x".repeat(2001)]) {
        await assert.rejects(
          addBookingMessage(db, {
            bookingId: booking.id,
            authorId: sam.id,
            id: crypto.randomUUID(),
            text,
          }),
        );
      }
    });

    await t.step(
      "saveLessonNotes() is the teacher's; the student reads them",
      async () => {
        assert.equal(await getLessonNotes(db, booking.id), null);
        await rejectsWith(
          saveLessonNotes(db, sam, booking.id, { notes: "x", homework: "" }),
          ForbiddenError,
          "Only the teacher can edit the lesson notes",
        );
        const saved = await saveLessonNotes(db, ada, booking.id, {
          notes: "Past tense",
          homework: "Exercise 3",
        });
        assert.equal(saved.updated_by, ada.id);
        const updated = await saveLessonNotes(db, ada, booking.id, {
          notes: "Past tense, irregular verbs",
          homework: "",
        });
        assert.equal(updated.notes, "Past tense, irregular verbs");
        const read = await getLessonNotes(db, booking.id);
        assert.equal(read?.notes, "Past tense, irregular verbs");
        assert.equal(read?.homework, "");
      },
    );

    await t.step("lessonNotesSchema trims and limits the length", () => {
      assert.deepEqual(lessonNotesSchema.parse({ notes: "  a  " }), {
        notes: "a",
        homework: "",
      });
      assert.equal(
        lessonNotesSchema.safeParse({ notes: "x".repeat(10_001) }).success,
        false,
      );
    });
  } finally {
    await close();
  }
});
