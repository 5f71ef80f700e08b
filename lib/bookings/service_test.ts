import assert from "node:assert/strict";
import {
  cancelBooking,
  confirmBooking,
  createBooking,
  createSlots,
  declineBooking,
  deleteSlot,
  getBookingForUser,
  JOIN_WINDOW_MINUTES,
  listBookingsForUser,
  listOpenSlots,
  listTeacherSlots,
  recordJoin,
  recordLeave,
  roomState,
  sweepFinishedBookings,
} from "@/lib/bookings/service.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from "@/lib/errors.ts";
import { pgConstraint, pgErrorCode } from "@/lib/db/errors.ts";
import type { Database } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  createTestBooking,
  createTestSlot,
  createTestUser,
  openTestDatabase,
} from "@/tests/_db.ts";

const MINUTE = 60_000;

type ErrorClass = new (...args: never[]) => Error;

/** Asserts that `promise` rejects with an instance of `cls` and this message. */
async function rejectsWith(
  promise: Promise<unknown>,
  cls: ErrorClass,
  message: string | RegExp,
): Promise<Error> {
  let caught: unknown = null;
  await assert.rejects(promise, (err) => {
    caught = err;
    return true;
  });
  assert.ok(
    caught instanceof cls,
    `expected ${cls.name}, got ${String(caught)}`,
  );
  if (typeof message === "string") assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  return caught;
}

/** Asserts that a raw statement fails with one of these SQLSTATEs (and constraint). */
async function rejectsWithSqlState(
  promise: Promise<unknown>,
  codes: string | string[],
  constraint?: string,
): Promise<void> {
  const expected = typeof codes === "string" ? [codes] : codes;
  await assert.rejects(promise, (err) => {
    assert.ok(
      expected.includes(pgErrorCode(err) ?? ""),
      `expected SQLSTATE ${expected.join(" or ")}, got ${pgErrorCode(err)}: ${
        String(err)
      }`,
    );
    if (constraint) assert.equal(pgConstraint(err), constraint);
    return true;
  });
}

function insertBookingRow(
  db: Database,
  row: {
    slot_id: string;
    student_id: string;
    teacher_id: string;
    start_at: Date;
    end_at: Date;
    status?: string;
    cancel_reason?: string | null;
    cancelled_by?: string | null;
  },
): Promise<{ id: string }[]> {
  return db.query<{ id: string }>(
    `INSERT INTO bookings (slot_id, student_id, teacher_id, start_at, end_at, status, cancel_reason, cancelled_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      row.slot_id,
      row.student_id,
      row.teacher_id,
      row.start_at,
      row.end_at,
      row.status ?? "confirmed",
      row.cancel_reason ?? null,
      row.cancelled_by ?? null,
    ],
  );
}

const berlinClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Berlin",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";

Deno.test(`bookings service (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const teacher = (
    options: { autoConfirm?: boolean; timeZone?: string } = {},
  ) => createTestUser(db, { role: "teacher", ...options });
  const student = () => createTestUser(db, { role: "student" });
  const status = async (id: string) =>
    (await db.query<{ status: string }>(
      "SELECT status FROM bookings WHERE id = $1",
      [id],
    ))[0]?.status;

  try {
    // ------------------------------------------------------------ slots

    await t.step("createSlots() publishes one future slot", async () => {
      const ada = await teacher();
      const start = new Date(Date.now() + 3 * 24 * 60 * MINUTE);
      const end = new Date(start.getTime() + 45 * MINUTE);
      const slots = await createSlots(db, ada, {
        start_at: start,
        end_at: end,
      });
      assert.equal(slots.length, 1);
      assert.equal(slots[0].teacher_id, ada.id);
      assert.equal(slots[0].start_at.getTime(), start.getTime());
      assert.equal(slots[0].end_at.getTime(), end.getTime());
      const open = await listOpenSlots(db, { teacher_id: ada.id });
      assert.deepEqual(open.map((s) => s.id), [slots[0].id]);
      assert.deepEqual(open[0].teacher, { id: ada.id, username: ada.username });
    });

    await t.step("createSlots() is for teachers only", async () => {
      const start = new Date(Date.now() + 60 * MINUTE);
      await rejectsWith(
        createSlots(db, await student(), {
          start_at: start,
          end_at: new Date(start.getTime() + 30 * MINUTE),
        }),
        ForbiddenError,
        "Only teachers can publish slots",
      );
    });

    await t.step(
      "createSlots() rejects a slot in the past, too short, too long, backwards or repeated too often",
      async () => {
        const ada = await teacher();
        const now = new Date("2027-01-10T12:00:00Z");
        const at = (iso: string) => new Date(iso);
        const cases: [
          {
            start_at: Date;
            end_at: Date;
            repeat_weeks?: number;
          },
          string,
          string,
        ][] = [
          [
            {
              start_at: at("2027-01-10T11:00:00Z"),
              end_at: at("2027-01-10T12:00:00Z"),
            },
            "start_at",
            "Cannot create slot: it starts in the past",
          ],
          [
            {
              start_at: at("2027-01-10T12:00:00Z"),
              end_at: at("2027-01-10T13:00:00Z"),
            },
            "start_at",
            "Cannot create slot: it starts in the past",
          ],
          [
            {
              start_at: at("2027-01-11T10:00:00Z"),
              end_at: at("2027-01-11T10:09:00Z"),
            },
            "end_at",
            "Cannot create slot: it must last between 10 and 240 minutes",
          ],
          [
            {
              start_at: at("2027-01-11T10:00:00Z"),
              end_at: at("2027-01-11T14:01:00Z"),
            },
            "end_at",
            "Cannot create slot: it must last between 10 and 240 minutes",
          ],
          [
            {
              start_at: at("2027-01-11T10:00:00Z"),
              end_at: at("2027-01-11T09:00:00Z"),
            },
            "end_at",
            "Cannot create slot: it must end after it starts",
          ],
          [
            {
              start_at: at("2027-01-11T10:00:00Z"),
              end_at: at("2027-01-11T10:00:00Z"),
            },
            "end_at",
            "Cannot create slot: it must end after it starts",
          ],
          [
            {
              start_at: at("2027-01-11T10:00:00Z"),
              end_at: at("2027-01-11T11:00:00Z"),
              repeat_weeks: 0,
            },
            "repeat_weeks",
            "Cannot create slot: repeat between 1 and 26 weeks",
          ],
          [
            {
              start_at: at("2027-01-11T10:00:00Z"),
              end_at: at("2027-01-11T11:00:00Z"),
              repeat_weeks: 27,
            },
            "repeat_weeks",
            "Cannot create slot: repeat between 1 and 26 weeks",
          ],
        ];
        for (const [input, field, message] of cases) {
          const err = await rejectsWith(
            createSlots(db, ada, input, now),
            BadRequestError,
            message,
          ) as BadRequestError;
          assert.equal(typeof err.fields[field], "string", message);
        }
        // The boundaries themselves are allowed.
        const ok = await createSlots(db, ada, {
          start_at: at("2027-01-12T10:00:00Z"),
          end_at: at("2027-01-12T10:10:00Z"),
        }, now);
        assert.equal(ok.length, 1);
        const long = await createSlots(db, ada, {
          start_at: at("2027-01-13T10:00:00Z"),
          end_at: at("2027-01-13T14:00:00Z"),
        }, now);
        assert.equal(long.length, 1);
        const [{ count }] = await db.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM slots WHERE teacher_id = $1",
          [ada.id],
        );
        assert.equal(count, 2);
      },
    );

    await t.step(
      "createSlots() repeats weekly at the same local time across a DST change (Europe/Berlin)",
      async () => {
        const berlin = await teacher({ timeZone: "Europe/Berlin" });
        // 10:00 CET = 09:00 UTC; Europe moves to CEST on 2027-03-28.
        const slots = await createSlots(db, berlin, {
          start_at: new Date("2027-03-20T09:00:00Z"),
          end_at: new Date("2027-03-20T10:00:00Z"),
          repeat_weeks: 3,
        }, new Date("2027-01-01T00:00:00Z"));
        assert.deepEqual(
          slots.map((s) => [s.start_at.toISOString(), s.end_at.toISOString()]),
          [
            ["2027-03-20T09:00:00.000Z", "2027-03-20T10:00:00.000Z"],
            ["2027-03-27T09:00:00.000Z", "2027-03-27T10:00:00.000Z"],
            ["2027-04-03T08:00:00.000Z", "2027-04-03T09:00:00.000Z"],
          ],
        );
        assert.deepEqual(
          slots.map((s) => [
            berlinClock.format(s.start_at),
            berlinClock.format(s.end_at),
          ]),
          [
            ["20/03/2027, 10:00", "20/03/2027, 11:00"],
            ["27/03/2027, 10:00", "27/03/2027, 11:00"],
            ["03/04/2027, 10:00", "03/04/2027, 11:00"],
          ],
        );
      },
    );

    await t.step(
      "createSlots() refuses an overlap with a ConflictError and keeps none of a series",
      async () => {
        const ada = await teacher();
        const now = new Date("2027-01-01T00:00:00Z");
        await createSlots(db, ada, {
          start_at: new Date("2027-02-15T10:00:00Z"),
          end_at: new Date("2027-02-15T11:00:00Z"),
        }, now);
        await rejectsWith(
          createSlots(db, ada, {
            start_at: new Date("2027-02-15T10:30:00Z"),
            end_at: new Date("2027-02-15T11:30:00Z"),
          }, now),
          ConflictError,
          "Cannot create slot: it overlaps another of your slots",
        );
        // The second week of this series hits the slot above.
        await rejectsWith(
          createSlots(db, ada, {
            start_at: new Date("2027-02-08T10:45:00Z"),
            end_at: new Date("2027-02-08T11:15:00Z"),
            repeat_weeks: 3,
          }, now),
          ConflictError,
          "Cannot create slot: it overlaps another of your slots",
        );
        const [{ count }] = await db.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM slots WHERE teacher_id = $1",
          [ada.id],
        );
        assert.equal(count, 1);
        // Back to back is not an overlap; another teacher may use the same time.
        await createSlots(db, ada, {
          start_at: new Date("2027-02-15T11:00:00Z"),
          end_at: new Date("2027-02-15T12:00:00Z"),
        }, now);
        await createSlots(db, await teacher(), {
          start_at: new Date("2027-02-15T10:00:00Z"),
          end_at: new Date("2027-02-15T11:00:00Z"),
        }, now);
      },
    );

    await t.step(
      "deleteSlot() removes an open slot of the teacher's, which is no longer listed",
      async () => {
        const ada = await teacher();
        const slot = await createTestSlot(db, ada);
        await deleteSlot(db, ada, slot.id);
        assert.deepEqual(await listOpenSlots(db, { teacher_id: ada.id }), []);
        assert.deepEqual(await listTeacherSlots(db, ada), []);
        await rejectsWith(
          deleteSlot(db, ada, slot.id),
          NotFoundError,
          "Slot not found",
        );
        await rejectsWith(
          createBooking(db, await student(), { slot_id: slot.id }),
          NotFoundError,
          "Slot not found",
        );
      },
    );

    await t.step(
      "deleteSlot() refuses another teacher's slot, a booked slot, unknown ids and students",
      async () => {
        const ada = await teacher();
        const slot = await createTestSlot(db, ada);
        await rejectsWith(
          deleteSlot(db, await teacher(), slot.id),
          ForbiddenError,
          "This slot is not yours",
        );
        await rejectsWith(
          deleteSlot(db, await student(), slot.id),
          ForbiddenError,
          "Only teachers can delete slots",
        );
        await rejectsWith(
          deleteSlot(db, ada, crypto.randomUUID()),
          NotFoundError,
          "Slot not found",
        );
        await rejectsWith(
          deleteSlot(db, ada, "not-a-uuid"),
          NotFoundError,
          "Slot not found",
        );
        const booking = await createBooking(db, await student(), {
          slot_id: slot.id,
        });
        await rejectsWith(
          deleteSlot(db, ada, slot.id),
          ConflictError,
          "Cannot delete slot: it is booked",
        );
        const listed = await listTeacherSlots(db, ada);
        assert.deepEqual(
          listed.map((s) => [s.id, s.booking_id, s.booking_status]),
          [[slot.id, booking.id, "pending"]],
        );
      },
    );

    // ------------------------------------------------------------ booking

    await t.step(
      "createBooking() books a slot as pending, or confirmed when the teacher auto-confirms",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const booking = await createBooking(db, bob, {
          slot_id: slot.id,
          notes: "  Past tenses, please  ",
        });
        assert.equal(booking.status, "pending");
        assert.equal(booking.slot_id, slot.id);
        assert.equal(booking.student_id, bob.id);
        assert.equal(booking.teacher_id, ada.id);
        assert.equal(booking.start_at.getTime(), slot.start_at.getTime());
        assert.equal(booking.end_at.getTime(), slot.end_at.getTime());
        assert.equal(booking.notes, "Past tenses, please");
        assert.equal(booking.cancel_reason, null);
        assert.equal(booking.cancelled_by, null);
        assert.deepEqual(booking.absent_user_ids, []);
        assert.deepEqual(booking.student, {
          id: bob.id,
          username: bob.username,
        });
        assert.deepEqual(booking.teacher, {
          id: ada.id,
          username: ada.username,
        });
        assert.deepEqual(await listOpenSlots(db, { teacher_id: ada.id }), []);

        const auto = await teacher({ autoConfirm: true });
        const autoSlot = await createTestSlot(db, auto);
        const confirmed = await createBooking(db, await student(), {
          slot_id: autoSlot.id,
          notes: "   ",
        });
        assert.equal(confirmed.status, "confirmed");
        assert.equal(confirmed.notes, null);
      },
    );

    await t.step("createBooking() is for students only", async () => {
      const ada = await teacher();
      const slot = await createTestSlot(db, await teacher());
      await rejectsWith(
        createBooking(db, ada, { slot_id: slot.id }),
        ForbiddenError,
        "Only students can book lessons",
      );
    });

    await t.step("createBooking() refuses unknown slots", async () => {
      const bob = await student();
      for (const id of [crypto.randomUUID(), "not-a-uuid", ""]) {
        await rejectsWith(
          createBooking(db, bob, { slot_id: id }),
          NotFoundError,
          "Slot not found",
        );
      }
    });

    await t.step(
      "createBooking() refuses a slot that has started with a ConflictError",
      async () => {
        const ada = await teacher();
        const slot = await createTestSlot(db, ada, { startInMinutes: -5 });
        await rejectsWith(
          createBooking(db, await student(), { slot_id: slot.id }),
          ConflictError,
          "Cannot book slot: it has already started",
        );
        const later = await createTestSlot(db, ada, { startInMinutes: 120 });
        await rejectsWith(
          createBooking(
            db,
            await student(),
            { slot_id: later.id },
            later.start_at,
          ),
          ConflictError,
          "Cannot book slot: it has already started",
        );
      },
    );

    await t.step(
      'createBooking() refuses a taken slot: "it is already taken"',
      async () => {
        const ada = await teacher();
        const slot = await createTestSlot(db, ada);
        const first = await createBooking(db, await student(), {
          slot_id: slot.id,
        });
        await rejectsWith(
          createBooking(db, await student(), { slot_id: slot.id }),
          ConflictError,
          "Cannot book slot: it is already taken",
        );
        assert.equal(await status(first.id), "pending");
      },
    );

    await t.step(
      "createBooking() refuses a student's overlapping booking with another teacher",
      async () => {
        const bob = await student();
        const a = await createTestSlot(db, await teacher(), {
          startInMinutes: 3000,
          minutes: 60,
        });
        const b = await createTestSlot(db, await teacher(), {
          startInMinutes: 3030,
          minutes: 60,
        });
        await createBooking(db, bob, { slot_id: a.id });
        await rejectsWith(
          createBooking(db, bob, { slot_id: b.id }),
          ConflictError,
          "Cannot book slot: you already have a booking at that time",
        );
        // The other slot is still open for somebody else.
        const other = await createBooking(db, await student(), {
          slot_id: b.id,
        });
        assert.equal(other.status, "pending");
        // Back to back is not an overlap.
        const c = await createTestSlot(db, await teacher(), {
          startInMinutes: 3060,
          minutes: 30,
        });
        await createBooking(db, bob, { slot_id: c.id });
      },
    );

    await t.step(
      "createBooking() books a slot again after its booking was cancelled",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const first = await createBooking(db, bob, { slot_id: slot.id });
        await cancelBooking(db, bob, first.id, "Ill");
        const again = await createBooking(db, bob, { slot_id: slot.id });
        assert.notEqual(again.id, first.id);
        assert.equal(again.status, "pending");
      },
    );

    // ------------------------------------------------------- transitions

    await t.step("confirmBooking() confirms a pending booking", async () => {
      const ada = await teacher();
      const bob = await student();
      const b = await createTestBooking(db, {
        teacher: ada,
        student: bob,
        status: "pending",
      });
      const confirmed = await confirmBooking(db, ada, b.id);
      assert.equal(confirmed.status, "confirmed");
      assert.ok(confirmed.updated_at >= confirmed.created_at);
      assert.equal(await status(b.id), "confirmed");
    });

    await t.step(
      "confirmBooking() refuses every other transition with its reason",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const pending = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: 600,
        });
        await rejectsWith(
          confirmBooking(db, bob, pending.id),
          ForbiddenError,
          "Only the booking's teacher can confirm it",
        );
        await rejectsWith(
          confirmBooking(db, await teacher(), pending.id),
          ForbiddenError,
          "This booking is not yours",
        );
        await rejectsWith(
          confirmBooking(db, ada, crypto.randomUUID()),
          NotFoundError,
          "Booking not found",
        );
        await rejectsWith(
          confirmBooking(db, ada, "nope"),
          NotFoundError,
          "Booking not found",
        );
        await rejectsWith(
          confirmBooking(db, ada, pending.id, pending.start_at),
          ConflictError,
          "Cannot confirm booking: it has already started",
        );
        const expected: [string, string][] = [
          ["confirmed", "Cannot confirm booking: it is already confirmed"],
          ["cancelled", "Cannot confirm booking: it is cancelled"],
          ["completed", "Cannot confirm booking: it has already taken place"],
          ["no_show", "Cannot confirm booking: it is over"],
        ];
        let offset = 1200;
        for (const [from, message] of expected) {
          const b = await createTestBooking(db, {
            teacher: ada,
            student: bob,
            status: from as "confirmed",
            startInMinutes: offset += 120,
          });
          await rejectsWith(
            confirmBooking(db, ada, b.id),
            ConflictError,
            message,
          );
          assert.equal(await status(b.id), from);
        }
        assert.equal(await status(pending.id), "pending");
      },
    );

    await t.step(
      "declineBooking() cancels a pending booking with a reason and opens the slot again",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const b = await createBooking(db, bob, { slot_id: slot.id });
        const declined = await declineBooking(db, ada, b.id);
        assert.equal(declined.status, "cancelled");
        assert.equal(declined.cancel_reason, "Declined by the teacher");
        assert.equal(declined.cancelled_by, ada.id);
        assert.deepEqual(
          (await listOpenSlots(db, { teacher_id: ada.id })).map((s) => s.id),
          [slot.id],
        );

        const b2 = await createBooking(db, await student(), {
          slot_id: slot.id,
        });
        const withReason = await declineBooking(
          db,
          ada,
          b2.id,
          "  Fully booked that week ",
        );
        assert.equal(withReason.cancel_reason, "Fully booked that week");
      },
    );

    await t.step(
      "declineBooking() refuses students, outsiders and non-pending bookings",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const pending = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
        });
        await rejectsWith(
          declineBooking(db, bob, pending.id),
          ForbiddenError,
          "Only the booking's teacher can decline it",
        );
        await rejectsWith(
          declineBooking(db, await teacher(), pending.id),
          ForbiddenError,
          "This booking is not yours",
        );
        await rejectsWith(
          declineBooking(db, ada, crypto.randomUUID()),
          NotFoundError,
          "Booking not found",
        );
        const expected: [string, string][] = [
          ["confirmed", "Cannot decline booking: it is already confirmed"],
          ["cancelled", "Cannot decline booking: it is cancelled"],
          ["completed", "Cannot decline booking: it has already taken place"],
          ["no_show", "Cannot decline booking: it is over"],
        ];
        let offset = 3000;
        for (const [from, message] of expected) {
          const b = await createTestBooking(db, {
            teacher: ada,
            student: bob,
            status: from as "confirmed",
            startInMinutes: offset += 120,
          });
          await rejectsWith(
            declineBooking(db, ada, b.id),
            ConflictError,
            message,
          );
          assert.equal(await status(b.id), from);
        }
        assert.equal(await status(pending.id), "pending");
      },
    );

    await t.step(
      "cancelBooking() lets either participant cancel a pending or confirmed booking before the start",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const byStudent = await createBooking(db, bob, { slot_id: slot.id });
        const cancelled = await cancelBooking(
          db,
          bob,
          byStudent.id,
          "  Exam moved  ",
        );
        assert.equal(cancelled.status, "cancelled");
        assert.equal(cancelled.cancel_reason, "Exam moved");
        assert.equal(cancelled.cancelled_by, bob.id);
        assert.deepEqual(
          (await listOpenSlots(db, { teacher_id: ada.id })).map((s) => s.id),
          [slot.id],
        );

        const confirmed = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
          startInMinutes: 4000,
        });
        const byTeacher = await cancelBooking(db, ada, confirmed.id, "Sick");
        assert.equal(byTeacher.status, "cancelled");
        assert.equal(byTeacher.cancelled_by, ada.id);
      },
    );

    await t.step(
      "cancelBooking() refuses a missing reason, outsiders, started and finished bookings",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const b = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
        });
        const err = await rejectsWith(
          cancelBooking(db, bob, b.id, "   "),
          BadRequestError,
          "Cannot cancel booking: a reason is required",
        ) as BadRequestError;
        assert.equal(typeof err.fields.reason, "string");
        await rejectsWith(
          cancelBooking(db, await student(), b.id, "Mine now"),
          ForbiddenError,
          "This booking is not yours",
        );
        await rejectsWith(
          cancelBooking(db, bob, crypto.randomUUID(), "Gone"),
          NotFoundError,
          "Booking not found",
        );
        await rejectsWith(
          cancelBooking(db, bob, b.id, "Too late", b.start_at),
          ConflictError,
          "Cannot cancel booking: it has already started",
        );
        const running = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
          startInMinutes: -5,
          minutes: 30,
        });
        await rejectsWith(
          cancelBooking(db, ada, running.id, "Too late"),
          ConflictError,
          "Cannot cancel booking: it has already started",
        );
        const expected: [string, string][] = [
          ["cancelled", "Cannot cancel booking: it is cancelled"],
          ["completed", "Cannot cancel booking: it has already taken place"],
          ["no_show", "Cannot cancel booking: it is over"],
        ];
        let offset = 5000;
        for (const [from, message] of expected) {
          const done = await createTestBooking(db, {
            teacher: ada,
            student: bob,
            status: from as "confirmed",
            startInMinutes: offset += 120,
          });
          await rejectsWith(
            cancelBooking(db, bob, done.id, "Again"),
            ConflictError,
            message,
          );
          assert.equal(await status(done.id), from);
        }
        assert.equal(await status(b.id), "confirmed");
        assert.equal(await status(running.id), "confirmed");
      },
    );

    // ------------------------------------------------------------ the room

    await t.step(
      "roomState() opens 10 minutes before the start and closes at the end",
      () => {
        const start_at = new Date("2027-05-01T10:00:00Z");
        const end_at = new Date("2027-05-01T11:00:00Z");
        const b = { start_at, end_at, status: "confirmed" as const };
        const opensAt = new Date(
          start_at.getTime() - JOIN_WINDOW_MINUTES * MINUTE,
        );
        assert.equal(JOIN_WINDOW_MINUTES, 10);
        assert.deepEqual(
          roomState(b, new Date(opensAt.getTime() - 1)),
          { state: "not_yet", opensAt },
        );
        assert.deepEqual(roomState(b, opensAt), {
          state: "open",
          closesAt: end_at,
        });
        assert.deepEqual(roomState(b, start_at), {
          state: "open",
          closesAt: end_at,
        });
        assert.deepEqual(roomState(b, new Date(end_at.getTime() - 1)), {
          state: "open",
          closesAt: end_at,
        });
        assert.deepEqual(roomState(b, end_at), { state: "ended" });
        assert.deepEqual(
          roomState(b, new Date(start_at.getTime() - 15 * MINUTE), 20),
          { state: "open", closesAt: end_at },
        );
      },
    );

    await t.step(
      "roomState() is closed for a cancelled booking and ended for a finished one",
      () => {
        const start_at = new Date("2027-05-01T10:00:00Z");
        const end_at = new Date("2027-05-01T11:00:00Z");
        const during = new Date("2027-05-01T10:30:00Z");
        assert.deepEqual(
          roomState({ start_at, end_at, status: "cancelled" }, during),
          { state: "closed", reason: "cancelled" },
        );
        for (const status of ["completed", "no_show"] as const) {
          assert.deepEqual(
            roomState({ start_at, end_at, status }, during),
            { state: "ended" },
          );
        }
      },
    );

    // ------------------------------------------------------------ sweeping

    await t.step(
      "sweepFinishedBookings() completes a booking both joined and records no-shows",
      async () => {
        const ada = await teacher();
        const students = [await student(), await student(), await student()];
        const [both, teacherOnly, nobody] = await Promise.all(
          students.map((s, i) =>
            createTestBooking(db, {
              teacher: ada,
              student: s,
              status: "confirmed",
              startInMinutes: -300 + i * 70,
              minutes: 60,
            })
          ),
        );
        const running = await createTestBooking(db, {
          teacher: ada,
          student: students[0],
          status: "confirmed",
          startInMinutes: -20,
          minutes: 60,
        });
        await recordJoin(db, both.id, ada.id);
        await recordJoin(db, both.id, students[0].id);
        await recordJoin(db, teacherOnly.id, ada.id);
        await recordJoin(db, running.id, ada.id);

        const settled = await sweepFinishedBookings(db);
        assert.ok(settled >= 3, `settled ${settled}`);

        const rows = await db.query<
          { id: string; status: string; absent_user_ids: string[] }
        >(
          "SELECT id, status, absent_user_ids FROM bookings WHERE id = ANY($1::uuid[])",
          [[both.id, teacherOnly.id, nobody.id, running.id]],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        assert.equal(byId.get(both.id)?.status, "completed");
        assert.deepEqual(byId.get(both.id)?.absent_user_ids, []);
        assert.equal(byId.get(teacherOnly.id)?.status, "no_show");
        assert.deepEqual(byId.get(teacherOnly.id)?.absent_user_ids, [
          students[1].id,
        ]);
        assert.equal(byId.get(nobody.id)?.status, "no_show");
        assert.deepEqual(
          [...(byId.get(nobody.id)?.absent_user_ids ?? [])].sort(),
          [students[2].id, ada.id].sort(),
        );
        assert.equal(byId.get(running.id)?.status, "confirmed");
      },
    );

    await t.step(
      "sweepFinishedBookings() is idempotent and leaves cancelled bookings alone",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const cancelled = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "cancelled",
          startInMinutes: -200,
        });
        const finished = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
          startInMinutes: -100,
        });
        await sweepFinishedBookings(db);
        const [before] = await db.query<{ status: string; updated_at: Date }>(
          "SELECT status, updated_at FROM bookings WHERE id = $1",
          [finished.id],
        );
        assert.equal(before.status, "no_show");
        assert.equal(await sweepFinishedBookings(db), 0);
        const [after] = await db.query<{ status: string; updated_at: Date }>(
          "SELECT status, updated_at FROM bookings WHERE id = $1",
          [finished.id],
        );
        assert.equal(after.status, "no_show");
        assert.equal(after.updated_at.getTime(), before.updated_at.getTime());
        assert.equal(await status(cancelled.id), "cancelled");
      },
    );

    await t.step(
      "listBookingsForUser() and getBookingForUser() settle finished bookings on read",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const listed = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
          startInMinutes: -200,
        });
        const fetched = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
          startInMinutes: -100,
        });
        await recordJoin(db, listed.id, ada.id);
        await recordJoin(db, listed.id, bob.id);
        await recordJoin(db, fetched.id, ada.id);

        const list = await listBookingsForUser(db, bob);
        assert.equal(list.find((b) => b.id === listed.id)?.status, "completed");

        // Sweeping is global, so the read above settled this one too: put it
        // back and let getBookingForUser() settle it at exactly its end.
        const now = new Date(fetched.end_at.getTime());
        await db.query(
          "UPDATE bookings SET status = 'confirmed', absent_user_ids = '{}' WHERE id = $1",
          [fetched.id],
        );
        const one = await getBookingForUser(db, ada, fetched.id, now);
        assert.equal(one.status, "no_show");
        assert.deepEqual(one.absent_user_ids, [bob.id]);
      },
    );

    await t.step(
      "listBookingsForUser() returns the user's own bookings, filtered by status and scope",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const eve = await student();
        const later = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: 7000,
        });
        const sooner = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
          startInMinutes: 6000,
        });
        const past = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "completed",
          startInMinutes: -3000,
        });
        const older = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "cancelled",
          startInMinutes: -4000,
        });
        const others = await createTestBooking(db, {
          teacher: ada,
          student: eve,
          status: "confirmed",
          startInMinutes: 8000,
        });
        const ids = async (
          user: User,
          filter: Parameters<typeof listBookingsForUser>[2],
        ) => (await listBookingsForUser(db, user, filter)).map((b) => b.id);

        assert.deepEqual(await ids(bob, {}), [
          older.id,
          past.id,
          sooner.id,
          later.id,
        ]);
        assert.deepEqual(await ids(bob, { scope: "upcoming" }), [
          sooner.id,
          later.id,
        ]);
        assert.deepEqual(await ids(bob, { scope: "past" }), [
          past.id,
          older.id,
        ]);
        assert.deepEqual(await ids(bob, { status: "pending" }), [later.id]);
        assert.deepEqual(
          await ids(bob, { status: "cancelled", scope: "past" }),
          [older.id],
        );
        assert.deepEqual(await ids(eve, {}), [others.id]);
        assert.deepEqual(await ids(ada, { scope: "upcoming" }), [
          sooner.id,
          later.id,
          others.id,
        ]);
      },
    );

    await t.step(
      "getBookingForUser() refuses outsiders and unknown ids",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const b = await createTestBooking(db, { teacher: ada, student: bob });
        assert.equal((await getBookingForUser(db, bob, b.id)).id, b.id);
        assert.equal((await getBookingForUser(db, ada, b.id)).id, b.id);
        await rejectsWith(
          getBookingForUser(db, await student(), b.id),
          ForbiddenError,
          "This booking is not yours",
        );
        await rejectsWith(
          getBookingForUser(db, bob, crypto.randomUUID()),
          NotFoundError,
          "Booking not found",
        );
        await rejectsWith(
          getBookingForUser(db, bob, "../etc"),
          NotFoundError,
          "Booking not found",
        );
      },
    );

    // ---------------------------------------------------------- attendance

    await t.step(
      "recordJoin() and recordLeave() keep one row per visit",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const b = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: -5,
        });
        const rows = () =>
          db.query<
            { user_id: string; joined_at: Date; left_at: Date | null }
          >(
            "SELECT user_id, joined_at, left_at FROM attendance WHERE booking_id = $1 ORDER BY joined_at",
            [b.id],
          );

        const bobVisit = await recordJoin(db, b.id, bob.id);
        await recordJoin(db, b.id, ada.id);
        assert.deepEqual((await rows()).map((r) => r.left_at), [null, null]);

        await recordLeave(db, bobVisit);
        let now = await rows();
        const bobRow = now.find((r) => r.user_id === bob.id)!;
        assert.ok(bobRow.left_at instanceof Date);
        assert.ok(bobRow.left_at >= bobRow.joined_at);
        assert.equal(now.find((r) => r.user_id === ada.id)!.left_at, null);

        // Leaving twice changes nothing; a second visit is a second row.
        await recordLeave(db, bobVisit);
        now = await rows();
        assert.equal(
          now.find((r) => r.user_id === bob.id)!.left_at?.getTime(),
          bobRow.left_at.getTime(),
        );
        await recordJoin(db, b.id, bob.id);
        now = await rows();
        assert.equal(now.filter((r) => r.user_id === bob.id).length, 2);
        assert.equal(
          now.filter((r) => r.user_id === bob.id && r.left_at === null).length,
          1,
        );
      },
    );

    // --------------------------------------------- database-level guards

    await t.step(
      "the database refuses a second active booking of a slot (23505)",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        await insertBookingRow(db, {
          slot_id: slot.id,
          student_id: bob.id,
          teacher_id: ada.id,
          start_at: slot.start_at,
          end_at: slot.end_at,
          status: "pending",
        });
        // A faithful copy with another student hits a constraint either way.
        await rejectsWithSqlState(
          insertBookingRow(db, {
            slot_id: slot.id,
            student_id: (await student()).id,
            teacher_id: ada.id,
            start_at: slot.start_at,
            end_at: slot.end_at,
            status: "confirmed",
          }),
          ["23505", "23P01"],
        );
        // With nothing else in common, the one-active-booking-per-slot index does.
        await rejectsWithSqlState(
          insertBookingRow(db, {
            slot_id: slot.id,
            student_id: (await student()).id,
            teacher_id: (await teacher()).id,
            start_at: slot.start_at,
            end_at: slot.end_at,
            status: "confirmed",
          }),
          "23505",
          "bookings_one_active_per_slot",
        );
      },
    );

    await t.step(
      "the database refuses overlapping active bookings of one teacher (23P01)",
      async () => {
        const ada = await teacher();
        const a = await createTestSlot(db, ada, { startInMinutes: 9000 });
        const b = await createTestSlot(db, ada, { startInMinutes: 9060 });
        await insertBookingRow(db, {
          slot_id: a.id,
          student_id: (await student()).id,
          teacher_id: ada.id,
          start_at: a.start_at,
          end_at: a.end_at,
        });
        await rejectsWithSqlState(
          insertBookingRow(db, {
            slot_id: b.id,
            student_id: (await student()).id,
            teacher_id: ada.id,
            start_at: new Date(a.start_at.getTime() + 30 * MINUTE),
            end_at: new Date(a.end_at.getTime() + 30 * MINUTE),
          }),
          "23P01",
          "bookings_teacher_no_overlap",
        );
        // Back to back is fine.
        await insertBookingRow(db, {
          slot_id: b.id,
          student_id: (await student()).id,
          teacher_id: ada.id,
          start_at: b.start_at,
          end_at: b.end_at,
        });
      },
    );

    await t.step(
      "the database refuses overlapping active bookings of one student (23P01)",
      async () => {
        const bob = await student();
        const t1 = await teacher();
        const t2 = await teacher();
        const a = await createTestSlot(db, t1, { startInMinutes: 9000 });
        const b = await createTestSlot(db, t2, { startInMinutes: 9010 });
        await insertBookingRow(db, {
          slot_id: a.id,
          student_id: bob.id,
          teacher_id: t1.id,
          start_at: a.start_at,
          end_at: a.end_at,
          status: "pending",
        });
        await rejectsWithSqlState(
          insertBookingRow(db, {
            slot_id: b.id,
            student_id: bob.id,
            teacher_id: t2.id,
            start_at: b.start_at,
            end_at: b.end_at,
            status: "pending",
          }),
          "23P01",
          "bookings_student_no_overlap",
        );
        // A booking that is not active does not hold the student's time.
        await insertBookingRow(db, {
          slot_id: b.id,
          student_id: bob.id,
          teacher_id: t2.id,
          start_at: b.start_at,
          end_at: b.end_at,
          status: "cancelled",
          cancel_reason: "Changed plans",
          cancelled_by: bob.id,
        });
      },
    );

    await t.step(
      "the database refuses a slot or booking that ends before it starts (23514)",
      async () => {
        const ada = await teacher();
        const start = new Date(Date.now() + 24 * 60 * MINUTE);
        for (const end of [new Date(start.getTime() - MINUTE), start]) {
          await rejectsWithSqlState(
            db.query(
              "INSERT INTO slots (teacher_id, start_at, end_at) VALUES ($1, $2, $3)",
              [ada.id, start, end],
            ),
            "23514",
            "slots_end_after_start",
          );
        }
        const slot = await createTestSlot(db, ada);
        await rejectsWithSqlState(
          insertBookingRow(db, {
            slot_id: slot.id,
            student_id: (await student()).id,
            teacher_id: ada.id,
            start_at: slot.end_at,
            end_at: slot.start_at,
          }),
          "23514",
          "bookings_end_after_start",
        );
      },
    );

    await t.step(
      "the database refuses unknown statuses and cancellations without a reason (23514)",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const row = {
          slot_id: slot.id,
          student_id: bob.id,
          teacher_id: ada.id,
          start_at: slot.start_at,
          end_at: slot.end_at,
        };
        for (const bad of ["archived", "CONFIRMED", ""]) {
          await rejectsWithSqlState(
            insertBookingRow(db, { ...row, status: bad }),
            "23514",
          );
        }
        await rejectsWithSqlState(
          insertBookingRow(db, { ...row, status: "cancelled" }),
          "23514",
          "bookings_cancel_has_reason",
        );
        const [{ id }] = await insertBookingRow(db, row);
        await rejectsWithSqlState(
          db.query("UPDATE bookings SET status = 'done' WHERE id = $1", [id]),
          "23514",
        );
      },
    );

    await t.step(
      "the database lets a cancelled booking stand beside a new one on the same slot",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const base = {
          slot_id: slot.id,
          teacher_id: ada.id,
          start_at: slot.start_at,
          end_at: slot.end_at,
        };
        await insertBookingRow(db, {
          ...base,
          student_id: bob.id,
          status: "cancelled",
          cancel_reason: "Ill",
          cancelled_by: bob.id,
        });
        await insertBookingRow(db, {
          ...base,
          student_id: bob.id,
          status: "cancelled",
          cancel_reason: "Ill again",
          cancelled_by: ada.id,
        });
        await insertBookingRow(db, { ...base, student_id: bob.id });
        const [{ active }] = await db.query<{ active: number }>(
          "SELECT count(*)::int AS active FROM bookings WHERE slot_id = $1 AND status IN ('pending', 'confirmed')",
          [slot.id],
        );
        assert.equal(active, 1);
      },
    );
  } finally {
    await close();
  }
});
