import assert from "node:assert/strict";
import {
  ENGINE,
  fixtures,
  MINUTE,
  rejectsWith,
} from "@/lib/bookings/_testing.ts";
import { createSlots, deleteSlot } from "@/lib/bookings/slots.ts";
import {
  listOpenSlots,
  listTeacherSlots,
} from "@/lib/bookings/availability.ts";
import { createBooking } from "@/lib/bookings/create.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from "@/lib/errors.ts";
import { createTestSlot, openTestDatabase } from "@/tests/_db.ts";

Deno.test(`slots (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  try {
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
      const open = (await listOpenSlots(db, { teacher_id: ada.id })).items;
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
        assert.deepEqual(
          (await listOpenSlots(db, { teacher_id: ada.id })).items,
          [],
        );
        assert.deepEqual((await listTeacherSlots(db, ada)).items, []);
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
        const listed = (await listTeacherSlots(db, ada)).items;
        assert.deepEqual(
          listed.map((s) => [s.id, s.booking_id, s.booking_status]),
          [[slot.id, booking.id, "pending"]],
        );
      },
    );

    // ------------------------------------------------------------ booking
  } finally {
    await close();
  }
});
