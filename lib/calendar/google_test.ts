import assert from "node:assert/strict";
import { googleCalendarUrl } from "@/lib/calendar/google.ts";
import { sampleFacts } from "@/lib/calendar/_ical_testing.ts";

Deno.test("googleCalendarUrl() fills Google's template with the title, UTC dates, details and the booking link", () => {
  const facts = sampleFacts({
    teacher: { id: "t", name: "Ana & Bo #1", email: "a@example.test" },
  });
  const url = new URL(googleCalendarUrl(facts, "https://talkroom.example/"));
  assert.equal(
    url.origin + url.pathname,
    "https://calendar.google.com/calendar/render",
  );
  const p = url.searchParams;
  assert.equal(p.get("action"), "TEMPLATE");
  assert.equal(p.get("text"), "Talkroom lesson: Ana & Bo #1 with Sam Student");
  assert.equal(p.get("dates"), "20261202T100000Z/20261202T104500Z");
  const link = `https://talkroom.example/bookings/${facts.booking_id}`;
  assert.equal(p.get("location"), link);
  assert.ok(p.get("details")!.includes(link));
  assert.ok(p.get("details")!.includes("Sam Student"));
});
