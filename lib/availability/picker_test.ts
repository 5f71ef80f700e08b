import assert from "node:assert/strict";
import { ENGINE, fixtures } from "@/lib/bookings/_testing.ts";
import { openTestDatabase } from "@/tests/_db.ts";
import { saveAvailability } from "@/lib/availability/store.ts";
import { isBookableTime } from "@/lib/availability/bookable.ts";
import { mondayOf, pickerWeek } from "@/lib/availability/picker.ts";
import { formatTime } from "@/lib/format.ts";
import { localDateOf } from "@/lib/availability/zone.ts";

const NOW = new Date("2030-03-01T12:00:00Z");

Deno.test(`the picker's weeks across DST changes (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher } = fixtures(db);
  try {
    const ada = await teacher({ timeZone: "Europe/Berlin" });
    await saveAvailability(db, ada.id, {
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        start: 60,
        end: 240,
      })),
      lesson_lengths: [30],
      grid_minutes: 30,
      horizon_days: 366,
    });
    const local = (week: Awaited<ReturnType<typeof pickerWeek>>, day: number) =>
      week.days[day].times.map((x) => formatTime(x.start_at, "Europe/Berlin"));

    await t.step(
      "Berlin spring forward (Sunday 31 March 2030): 02:00 and 02:30 do not exist and are not offered",
      async () => {
        assert.equal(mondayOf("2030-03-31"), "2030-03-25");
        const week = await pickerWeek(db, ada.id, {
          week: "2030-03-31",
          length: 30,
          timeZone: "Europe/Berlin",
        }, NOW);
        assert.equal(week.week, "2030-03-25");
        assert.equal(week.days[6].date, "2030-03-31");
        assert.deepEqual(local(week, 5), [
          "01:00",
          "01:30",
          "02:00",
          "02:30",
          "03:00",
          "03:30",
        ]);
        assert.deepEqual(local(week, 6), ["01:00", "01:30", "03:00", "03:30"]);
        // 01:30 to 03:00 local is 30 real minutes that day.
        const [, b, c] = week.days[6].times;
        assert.equal(c.start_at.getTime() - b.start_at.getTime(), 30 * 60_000);
        const afterJump = await isBookableTime(
          db,
          ada.id,
          new Date("2030-03-31T01:00:00Z"), // 03:00 CEST, after the jump
          30,
          NOW,
        );
        assert.equal(afterJump.ok, true);
        const beforeJump = await isBookableTime(
          db,
          ada.id,
          new Date("2030-03-31T00:45:00Z"), // 01:45 CET, off the grid
          30,
          NOW,
        );
        assert.equal(beforeJump.ok, false);
        assert.equal(!beforeJump.ok && beforeJump.reason, "outside_rules");
      },
    );

    await t.step(
      "Berlin fall back (Sunday 27 October 2030): the repeated 02:00 and 02:30 are offered once",
      async () => {
        const week = await pickerWeek(db, ada.id, {
          week: "2030-10-27",
          length: 30,
          timeZone: "Europe/Berlin",
        }, new Date("2030-10-01T12:00:00Z"));
        assert.equal(week.days[6].date, "2030-10-27");
        assert.deepEqual(local(week, 6), [
          "01:00",
          "01:30",
          "02:00",
          "02:30",
          "03:00",
          "03:30",
        ]);
        // The first 02:00 (CEST, 00:00 UTC); 03:00 CET is 02:00 UTC.
        assert.equal(
          week.days[6].times[2].start_at.toISOString(),
          "2030-10-27T00:00:00.000Z",
        );
        assert.equal(
          week.days[6].times[4].start_at.toISOString(),
          "2030-10-27T02:00:00.000Z",
        );
        // The second 02:30 (01:30 UTC) is not a time of its own.
        const second = await isBookableTime(
          db,
          ada.id,
          new Date("2030-10-27T01:30:00Z"),
          30,
          new Date("2030-10-01T12:00:00Z"),
        );
        assert.equal(second.ok, false);
      },
    );

    await t.step(
      "a New York viewer's week across New York's spring change (10 March 2030) groups by New York dates",
      async () => {
        const week = await pickerWeek(db, ada.id, {
          week: "2030-03-08",
          length: 30,
          timeZone: "America/New_York",
        }, NOW);
        assert.equal(week.week, "2030-03-04");
        assert.deepEqual(week.days.map((d) => d.date), [
          "2030-03-04",
          "2030-03-05",
          "2030-03-06",
          "2030-03-07",
          "2030-03-08",
          "2030-03-09",
          "2030-03-10",
        ]);
        for (const day of week.days) {
          for (const time of day.times) {
            assert.equal(
              localDateOf(time.start_at, "America/New_York"),
              day.date,
            );
          }
        }
        // Berlin 01:00–03:30 is the New York evening before: 19:00 EST
        // until the change, 20:00 EDT after it.
        assert.equal(
          formatTime(week.days[5].times[0].start_at, "America/New_York"),
          "19:00",
        );
        assert.equal(
          formatTime(week.days[6].times[0].start_at, "America/New_York"),
          "20:00",
        );
        // The 3 March Berlin night (New York's 3 March evening) is
        // before the week; the Berlin Monday 11 March night is Sunday
        // 10 March in New York.
        assert.equal(week.days[0].times.length, 6);
        assert.equal(week.days[6].times.length, 6);
        assert.equal(week.weeks[0].count, 42);
      },
    );
  } finally {
    await close();
  }
});
