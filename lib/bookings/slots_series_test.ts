import assert from "node:assert/strict";
import { ENGINE, fixtures, MINUTE } from "@/lib/bookings/_testing.ts";
import { createSlots } from "@/lib/bookings/slots.ts";
import { openTestDatabase } from "@/tests/_db.ts";

/** Formats an instant as the wall clock in a zone shows it: "dd/mm/yyyy, hh:mm". */
function localClock(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
}

const berlinClock = localClock("Europe/Berlin");

Deno.test(`weekly slot series (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher } = fixtures(db);
  try {
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
      "createSlots() keeps every slot of a weekly series as long as the first, and moves a start that does not exist on a DST change day forward by the gap",
      async () => {
        const now = new Date("2027-01-01T00:00:00Z");
        const series = async (
          timeZone: string,
          start: string,
          end: string,
          weeks: number,
        ) => {
          const clock = localClock(timeZone);
          const slots = await createSlots(db, await teacher({ timeZone }), {
            start_at: new Date(start),
            end_at: new Date(end),
            repeat_weeks: weeks,
          }, now);
          return slots.map((s) => [
            clock.format(s.start_at),
            (s.end_at.getTime() - s.start_at.getTime()) / MINUTE,
          ]);
        };
        // Europe/Berlin springs forward on 2027-03-28: 02:00 CET → 03:00 CEST,
        // so 02:30 does not exist that day (it gave a 500 before).
        assert.deepEqual(
          await series(
            "Europe/Berlin",
            "2027-03-21T01:30:00Z",
            "2027-03-21T02:30:00Z",
            3,
          ),
          [
            ["21/03/2027, 02:30", 60],
            ["28/03/2027, 03:30", 60],
            ["04/04/2027, 02:30", 60],
          ],
        );
        // 02:00–03:05 became a 5-minute slot on the change day before.
        assert.deepEqual(
          await series(
            "Europe/Berlin",
            "2027-03-21T01:00:00Z",
            "2027-03-21T02:05:00Z",
            2,
          ),
          [["21/03/2027, 02:00", 65], ["28/03/2027, 03:00", 65]],
        );
        // Falling back on 2027-10-31 (03:00 CEST → 02:00 CET): the slot
        // across the repeated hour stays two hours long.
        assert.deepEqual(
          await series(
            "Europe/Berlin",
            "2027-10-23T23:30:00Z",
            "2027-10-24T01:30:00Z",
            2,
          ),
          [["24/10/2027, 01:30", 120], ["31/10/2027, 01:30", 120]],
        );
        // America/New_York springs forward on 2027-03-14: 02:00 EST → 03:00 EDT.
        assert.deepEqual(
          await series(
            "America/New_York",
            "2027-03-07T07:30:00Z",
            "2027-03-07T08:30:00Z",
            3,
          ),
          [
            ["07/03/2027, 02:30", 60],
            ["14/03/2027, 03:30", 60],
            ["21/03/2027, 02:30", 60],
          ],
        );
        // An ordinary evening lesson keeps its local time across the change.
        assert.deepEqual(
          await series(
            "America/New_York",
            "2027-03-10T23:00:00Z",
            "2027-03-11T00:00:00Z",
            2,
          ),
          [["10/03/2027, 18:00", 60], ["17/03/2027, 18:00", 60]],
        );
      },
    );
  } finally {
    await close();
  }
});
