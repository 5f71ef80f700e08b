// The screenshots in docs/screenshots/, taken by the suite in real Chromium
// on a 1280×800 desktop window and a 390×844 phone: the booking list, a
// booking's page, a teacher's page, discovery, the pre-join panel and a
// connected call between two fake-device participants. Each page is checked
// for what it must show (and for page errors) before it is photographed.
//
// The committed files change only with TALKROOM_SCREENSHOTS=write; other
// runs (CI) write to a temporary folder, so the tree stays clean.
import assert from "node:assert/strict";
import { launchBrowser } from "@/tests/_browser.ts";
import {
  type CallServer,
  openRoomInTurn,
  type Participant,
  remoteMedia,
  signIn,
  startCallServer,
  waitFor,
} from "@/tests/_call.ts";
import {
  createTestBooking,
  createTestSlot,
  createTestUser,
} from "@/tests/_db.ts";
import { saveProfile } from "@/lib/profiles/store.ts";
import { refreshNextFree } from "@/lib/profiles/next_free.ts";
import { processPhoto } from "@/lib/profiles/image.ts";
import { setPhoto } from "@/lib/profiles/photos.ts";
import { solidImage } from "@/lib/profiles/_jimp.ts";
import type { User } from "@/lib/auth/users.ts";
import type { TestApp } from "@/tests/_app.ts";

const DAY = 24 * 60;
const WRITE = Deno.env.get("TALKROOM_SCREENSHOTS") === "write";
const COMMITTED = new URL("../docs/screenshots/", import.meta.url);

/** Where this run's PNGs go: the committed folder, or a temporary one. */
async function outputDir(): Promise<string> {
  if (!WRITE) return await Deno.makeTempDir({ prefix: "talkroom-shots-" });
  const dir = COMMITTED.pathname;
  await Deno.mkdir(dir, { recursive: true });
  return dir;
}

interface Seeded {
  teacher: User;
  other: User;
  student: User;
  /** A confirmed lesson whose room is open now. */
  callId: string;
  /** A finished lesson, with its history and lesson record. */
  pastId: string;
}

async function seed(app: TestApp, tag: string): Promise<Seeded> {
  const { db } = app;
  const teacher = await createTestUser(db, {
    role: "teacher",
    username: `Ada Lindqvist ${tag}`,
  });
  await saveProfile(db, teacher.id, {
    headline: "Conversational English and exam preparation",
    bio:
      "Ten years of teaching adults online. Lessons are conversation first: we talk about what you need at work, and I send notes after each lesson.",
    subjects: ["English conversation", "IELTS", "Business English"],
    languages: ["English", "Swedish", "German"],
  });
  await setPhoto(
    db,
    teacher.id,
    await processPhoto(await solidImage("image/png", 320, 320, 0x6366f1ff)),
  );
  const other = await createTestUser(db, {
    role: "teacher",
    username: `Bruno Okafor ${tag}`,
  });
  await saveProfile(db, other.id, {
    headline: "English for engineers",
    bio: "",
    subjects: ["Technical English"],
    languages: ["English", "Portuguese"],
  });
  const student = await createTestUser(db, {
    role: "student",
    username: `Sam Rivera ${tag}`,
  });
  for (const days of [1, 2, 3]) {
    for (const hour of [0, 2]) {
      await createTestSlot(db, teacher, {
        startInMinutes: days * DAY + hour * 60,
      });
    }
    await createTestSlot(db, other, { startInMinutes: days * DAY + 90 });
  }
  // Discovery shows each one's next free time, as the job would.
  await refreshNextFree(db, new Date(), [teacher.id, other.id]);
  const call = await createTestBooking(db, {
    teacher,
    student,
    startInMinutes: 5,
    notes: "Practise the presentation for Friday",
  });
  await createTestBooking(db, {
    teacher: other,
    student,
    startInMinutes: 2 * DAY + 240,
    status: "pending",
  });
  await createTestBooking(db, {
    teacher,
    student,
    startInMinutes: 4 * DAY,
  });
  const past = await createTestBooking(db, {
    teacher,
    student,
    startInMinutes: -3 * DAY,
    status: "completed",
    notes: "Small talk and phrasal verbs",
  });
  await createTestBooking(db, {
    teacher: other,
    student,
    startInMinutes: 5 * DAY,
    status: "cancelled",
  });
  return { teacher, other, student, callId: call.id, pastId: past.id };
}

/** Saves a full-page PNG and checks it is one, of the viewport's width. */
async function shoot(
  who: Participant,
  dir: string,
  name: string,
  width: number,
  fullPage = true,
): Promise<void> {
  assert.deepEqual(who.errors, [], `${who.name}: page errors before ${name}`);
  // No hover effect in a page's picture (the call's shows its controls).
  if (fullPage) await who.page.mouse.move(0, 0);
  const path = `${dir}/${name}.png`;
  // The call's pages keep painting video: "disabled" animations would wait
  // for a still frame that never comes.
  // A phone-sized call paints two videos at twice the pixels: it may take
  // a while on a busy machine before Chromium hands over a frame.
  await who.page.bringToFront();
  await who.page.screenshot(
    fullPage
      ? { path, fullPage, animations: "disabled" }
      : { path, timeout: 60_000 },
  );
  const bytes = await Deno.readFile(path);
  assert.deepEqual(
    [...bytes.subarray(1, 4)],
    [0x50, 0x4e, 0x47],
    `${name}: a PNG`,
  );
  const shown = new DataView(bytes.buffer).getUint32(16);
  const scale = who.name.endsWith("phone") ? 2 : 1;
  assert.equal(shown, width * scale, `${name}: the viewport's width`);
}

async function checkNoOverflow(who: Participant, label: string) {
  const overflow = await who.page.evaluate(() =>
    document.documentElement.scrollWidth - globalThis.innerWidth
  );
  assert.ok(overflow <= 0, `${label}: no sideways scrolling (${overflow} px)`);
}

async function pages(
  server: CallServer,
  dir: string,
  phone: boolean,
): Promise<void> {
  const view = phone ? "phone" : "desktop";
  const width = phone ? 390 : 1280;
  const s = await seed(server.app, phone ? "P" : "D");
  const browser = await launchBrowser();
  const people: Participant[] = [];
  try {
    const student = await signIn(browser, server.origin, s.student, {
      name: `student ${view}`,
      phone,
    });
    people.push(student);
    const { page } = student;
    // Generous: the pages are checked for what they show, not for speed, and
    // the machine may be running other browsers.
    page.setDefaultTimeout(30_000);
    const go = (path: string) => page.goto(`${server.origin}${path}`);

    // The booking list: the open lesson today, the request, the rest.
    await go("/bookings");
    await page.getByRole("heading", { level: 1, name: "Your bookings" })
      .waitFor();
    assert.equal(
      await page.locator(`[data-booking-id="${s.callId}"]`).count(),
      1,
      "the open lesson is listed",
    );
    assert.ok(await page.locator('[data-section="requests"]').count() === 1);
    assert.ok(await page.locator('[data-section="cancelled"]').count() === 1);
    await checkNoOverflow(student, `/bookings on ${view}`);
    await shoot(student, dir, `bookings-${view}`, width);

    // A finished lesson's page: its status, history and the rating offer.
    await go(`/bookings/${s.pastId}`);
    await page.getByRole("heading", { level: 1 }).filter({
      hasText: s.teacher.username,
    }).waitFor();
    await page.getByText("Completed").first().waitFor();
    await checkNoOverflow(student, `booking page on ${view}`);
    await shoot(student, dir, `booking-${view}`, width);

    // The teacher's page: profile, photo and free times to book.
    await go(`/teachers/${s.teacher.id}`);
    await page.locator("[data-headline]").getByText(
      "Conversational English and exam preparation",
    ).waitFor();
    const photo = page.locator("[data-profile] img").first();
    assert.ok(
      await photo.evaluate((img: HTMLImageElement) =>
        img.complete && img.naturalWidth > 0
      ),
      "the photo loaded",
    );
    assert.ok(
      await page.locator("[data-start-at]").count() > 0,
      "free times are offered",
    );
    await checkNoOverflow(student, `teacher page on ${view}`);
    await shoot(student, dir, `teacher-${view}`, width);

    // Discovery: a search by subject finds both teachers.
    await go("/teachers?q=english");
    for (const t of [s.teacher, s.other]) {
      await page.locator(`a[href="/teachers/${t.id}"]`).first().waitFor();
    }
    assert.equal(await page.evaluate(() => document.scripts.length), 0);
    await checkNoOverflow(student, `discovery on ${view}`);
    await shoot(student, dir, `teachers-${view}`, width);

    // The pre-join panel with the fake camera's preview playing.
    await go(`/bookings/${s.callId}`);
    await waitFor(student, '#call-room[data-call-state="prejoin"]');
    await page.getByRole("button", { name: "Join now" }).waitFor();
    await page.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>(
        'video[data-role="local"]',
      );
      return v !== null && v.videoWidth > 0 && !v.paused;
    });
    await shoot(student, dir, `prejoin-${view}`, width, false);

    // The call: the teacher joins on a desktop, both connect, media flows.
    const teacher = await signIn(browser, server.origin, s.teacher, {
      name: `teacher ${view}`,
    });
    people.push(teacher);
    teacher.page.setDefaultTimeout(30_000);
    // In turn, as the call tests do, so the two never offer at once; the
    // wait is long because this machine may be busy with other browsers.
    await openRoomInTurn(teacher, student, s.callId);
    for (const p of [teacher, student]) {
      await waitFor(p, '#call-room[data-call-state="connected"]', 60_000);
    }
    await page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>(
          'video[data-role="remote"]',
        );
        return v !== null && v.videoWidth > 0 && !v.paused &&
          v.currentTime > 0.5;
      },
      undefined,
      { timeout: 60_000 },
    );
    const media = await remoteMedia(page);
    assert.deepEqual(media.videoTracks, ["live"]);
    // A phone's autoplay rules may hold the sound back: the room offers a
    // button, which a person would press.
    const sound = page.getByRole("button", { name: "Turn on sound" });
    if (await sound.isVisible()) await sound.click();
    // Show the controls, as right after a tap or a mouse move.
    if (phone) await page.touchscreen.tap(width / 2, 400);
    else await page.mouse.move(width / 2, 200);
    await shoot(student, dir, `call-${view}`, width, false);
    assert.deepEqual(teacher.errors, [], "teacher: page errors");
  } finally {
    for (const p of people) await p.context.close().catch(() => {});
    await browser.close();
  }
}

Deno.test({
  name:
    "screenshots of the main pages on a desktop and a phone, after checking what each shows",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const server = await startCallServer({ ICE_SERVERS: "[]" });
    const dir = await outputDir();
    try {
      for (const phone of [false, true]) {
        await t.step(
          `${phone ? "phone 390×844" : "desktop 1280×800"}`,
          () => pages(server, dir, phone),
        );
      }
    } finally {
      await server.close();
      if (!WRITE) await Deno.remove(dir, { recursive: true });
    }
  },
});
