import assert from "node:assert/strict";
import { type Cursor, DEFAULT_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import {
  getBookingForUser,
  listBookingsForUser,
} from "@/lib/bookings/queries.ts";
import { sweepFinishedBookings } from "@/lib/bookings/attendance.ts";
import { insertVisit } from "@/lib/bookings/_attendance_testing.ts";
import { ForbiddenError, NotFoundError } from "@/lib/errors.ts";
import type { User } from "@/lib/auth/users.ts";
import { createTestBooking, openTestDatabase } from "@/tests/_db.ts";

Deno.test(`booking reads (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student, status } = fixtures(db);
  try {
    await t.step(
      "listBookingsForUser() and getBookingForUser() show finished bookings settled without writing, as the sweep then settles them",
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
        await insertVisit(db, listed, ada.id, 0, 20 * 60_000, [[0, null]]);
        await insertVisit(db, listed, bob.id, 0, 20 * 60_000, [[0, null]]);
        await insertVisit(db, fetched, ada.id, 0, 20 * 60_000);

        const list = (await listBookingsForUser(db, bob)).items;
        const shown = list.find((b) => b.id === listed.id)!;
        assert.equal(shown.status, "completed");
        assert.deepEqual(shown.absent_user_ids, []);
        // At exactly its end a booking is finished.
        const now = new Date(fetched.end_at.getTime());
        const one = await getBookingForUser(db, ada, fetched.id, now);
        assert.equal(one.status, "no_show");
        assert.deepEqual(one.absent_user_ids, [bob.id]);
        const completed = await listBookingsForUser(db, bob, {
          status: "completed",
        });
        assert.deepEqual(completed.items.map((b) => b.id), [listed.id]);
        const noShows = await listBookingsForUser(db, bob, {
          status: "no_show",
        });
        assert.deepEqual(noShows.items.map((b) => b.id), [fetched.id]);

        // The reads wrote nothing; the sweep writes what they showed.
        assert.equal(await status(listed.id), "confirmed");
        assert.equal(await status(fetched.id), "confirmed");
        assert.equal(await sweepFinishedBookings(db), 2);
        assert.equal(await status(listed.id), "completed");
        assert.equal(await status(fetched.id), "no_show");
        assert.deepEqual(
          (await getBookingForUser(db, ada, fetched.id)).absent_user_ids,
          [bob.id],
        );
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
        ) =>
          (await listBookingsForUser(db, user, filter)).items.map((b) => b.id);

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
      "listBookingsForUser() pages with a cursor: every booking once, in order, across pages",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const upcoming: string[] = [];
        const past: string[] = [];
        for (let i = 0; i < 5; i++) {
          upcoming.push(
            (await createTestBooking(db, {
              teacher: ada,
              student: bob,
              startInMinutes: 20_000 + i * 120,
            })).id,
          );
          past.unshift(
            (await createTestBooking(db, {
              teacher: ada,
              student: bob,
              status: "completed",
              startInMinutes: -20_000 + i * 120,
            })).id,
          );
        }
        const walk = async (
          filter: Parameters<typeof listBookingsForUser>[2],
        ) => {
          const pages: string[][] = [];
          let after: Cursor | undefined;
          do {
            const page = await listBookingsForUser(db, bob, {
              ...filter,
              after,
              limit: 2,
            });
            pages.push(page.items.map((b) => b.id));
            after = page.next ?? undefined;
          } while (after);
          return pages;
        };
        assert.deepEqual(await walk({ scope: "upcoming" }), [
          upcoming.slice(0, 2),
          upcoming.slice(2, 4),
          upcoming.slice(4),
        ]);
        assert.deepEqual(await walk({ scope: "past" }), [
          past.slice(0, 2),
          past.slice(2, 4),
          past.slice(4),
        ]);
        assert.deepEqual(
          (await walk({ status: "completed" })).flat(),
          [
            ...past,
          ].reverse(),
        );
        // A full last page says so: no empty page after it.
        const exact = await listBookingsForUser(db, bob, {
          scope: "upcoming",
          limit: 5,
        });
        assert.equal(exact.items.length, 5);
        assert.equal(exact.next, null);
        // Without a limit a page holds DEFAULT_PAGE_SIZE.
        const all = await listBookingsForUser(db, bob);
        assert.equal(all.items.length, 10);
        assert.ok(all.items.length <= DEFAULT_PAGE_SIZE);
      },
    );
  } finally {
    await close();
  }
});
