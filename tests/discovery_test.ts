// /teachers discovery through the app with real requests: search by name,
// subject or headline, filters by language and "free this week", ordered by
// next free time or name, in pages; no script.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestUser } from "@/tests/_db.ts";
import { createTestSlot } from "@/tests/_db.ts";
import { saveProfile } from "@/lib/profiles/store.ts";
import { refreshNextFree } from "@/lib/profiles/next_free.ts";

async function html(res: Response, status: number): Promise<string> {
  const body = await res.text();
  assert.equal(res.status, status, body.slice(0, 500));
  return body;
}

const idsOf = (body: string) =>
  [...body.matchAll(/href="\/teachers\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

Deno.test({
  name: "teacher discovery",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app: TestApp = await createTestApp();
    try {
      const teacher = async (
        username: string,
        profile: {
          subjects?: string[];
          languages?: string[];
          headline?: string;
        },
      ) => {
        const u = await createTestUser(app.db, { role: "teacher", username });
        await saveProfile(app.db, u.id, {
          headline: profile.headline ?? "",
          bio: "",
          subjects: profile.subjects ?? [],
          languages: profile.languages ?? [],
        });
        return u;
      };
      const ana = await teacher("Ana Zorrilla", {
        subjects: ["Spanish grammar"],
        languages: ["Spanish", "English"],
      });
      const bo = await teacher("Bo Zeng", {
        subjects: ["Mandarin"],
        languages: ["Chinese", "english"],
        headline: "Conversation practice_100%",
      });
      const cy = await teacher("Cy Zulu", {
        subjects: ["Maths"],
        languages: ["French"],
      });
      const plain = await createTestUser(app.db, {
        role: "teacher",
        username: "Dee Zimmer",
      });
      const student = await createTestUser(app.db, { role: "student" });
      const token = await app.tokenFor(student);
      const get = (path: string) => app.request(path, { token });

      await t.step(
        `search by name, subject and headline (${app.kind})`,
        async () => {
          const byName = await html(await get("/teachers?q=zeng"), 200);
          assert.deepEqual(idsOf(byName), [bo.id]);
          assert.match(byName, /Conversation practice_100%/);
          assert.doesNotMatch(byName, /<script/);
          const bySubject = await html(await get("/teachers?q=GRAMMAR"), 200);
          assert.deepEqual(idsOf(bySubject), [ana.id]);
          const byHeadline = await html(await get("/teachers?q=practice"), 200);
          assert.deepEqual(idsOf(byHeadline), [bo.id]);
          // LIKE wildcards typed by the user match only themselves.
          const wild = await html(await get("/teachers?q=_100%25"), 200);
          assert.deepEqual(idsOf(wild), [bo.id]);
          const none = await html(await get("/teachers?q=%25%25zz"), 200);
          assert.deepEqual(idsOf(none), []);
          assert.match(none, /No teacher matches/);
          // Everyone with an empty search, by name, with or without a profile.
          const all = idsOf(await html(await get("/teachers?q="), 200));
          for (const id of [ana.id, bo.id, cy.id, plain.id]) {
            assert.ok(all.includes(id));
          }
          assert.ok(all.indexOf(ana.id) < all.indexOf(bo.id));
          assert.ok(all.indexOf(cy.id) < all.indexOf(plain.id));
        },
      );

      await t.step(`filter by language (${app.kind})`, async () => {
        const english = await html(
          await get("/teachers?q=&language=English"),
          200,
        );
        assert.deepEqual(idsOf(english).sort(), [ana.id, bo.id].sort());
        // The filter lists each language once, whatever its case (which
        // spelling is kept depends on the collation).
        assert.equal(english.match(/<option\s+value="english"/gi)?.length, 1);
        assert.match(english, /<option\s+value="english"\s+selected/i);
        assert.match(english, /<option\s+value="French"/);
        const both = await html(
          await get("/teachers?q=maths&language=french"),
          200,
        );
        assert.deepEqual(idsOf(both), [cy.id]);
        await html(await get(`/teachers?language=${"x".repeat(41)}`), 400);
      });

      await t.step(
        `pages by name, each teacher once (${app.kind})`,
        async () => {
          for (let i = 0; i < 14; i++) {
            await teacher(`Pager ${String(i).padStart(2, "0")}`, {
              subjects: ["Pagination"],
            });
          }
          const first = await html(await get("/teachers?q=pagination"), 200);
          assert.equal(idsOf(first).length, 12);
          const next = /href="([^"]+)"[^>]*>\s*More teachers/.exec(first)?.[1];
          assert.ok(next);
          const second = await html(
            await get(next.replaceAll("&amp;", "&")),
            200,
          );
          assert.equal(idsOf(second).length, 2);
          assert.doesNotMatch(second, /More teachers/);
          assert.match(second, /Previous teachers/);
          const seen = [...idsOf(first), ...idsOf(second)];
          assert.equal(new Set(seen).size, 14);
          await html(await get("/teachers?page=0"), 400);
        },
      );

      await t.step(
        `"free this week" and "soonest free" go by the next free time (${app.kind})`,
        async () => {
          const later = await teacher("Fay Later", { subjects: ["Freetime"] });
          const soon = await teacher("Gus Soon", { subjects: ["Freetime"] });
          const never = await teacher("Ava Never", { subjects: ["Freetime"] });
          const DAY = 1440;
          await createTestSlot(app.db, later, { startInMinutes: 5 * DAY });
          await createTestSlot(app.db, soon, { startInMinutes: 2 * DAY });
          await createTestSlot(app.db, never, { startInMinutes: 20 * DAY });
          await refreshNextFree(app.db, new Date(), [later.id, soon.id]);
          // Soonest free by default; never computed (or none) last, by name.
          const soonest = await html(await get("/teachers?q=freetime"), 200);
          assert.deepEqual(idsOf(soonest), [soon.id, later.id, never.id]);
          assert.match(soonest, /Next free: /);
          assert.match(soonest, /No free time in the coming weeks/);
          assert.match(soonest, /<option\s+value="soonest"\s+selected/);
          const byName = await html(
            await get("/teachers?q=freetime&sort=name"),
            200,
          );
          assert.deepEqual(idsOf(byName), [never.id, later.id, soon.id]);
          // Free this week: within 7 days from now.
          await refreshNextFree(app.db, new Date(), [never.id]);
          const free = await html(
            await get("/teachers?q=freetime&free=1"),
            200,
          );
          assert.deepEqual(idsOf(free), [soon.id, later.id]);
          assert.match(free, /name="free"\s+value="1"\s+checked/);
          // Without a search, every free teacher; never among them.
          const everyone = await html(await get("/teachers?free=1"), 200);
          assert.ok(idsOf(everyone).includes(soon.id));
          assert.ok(!idsOf(everyone).includes(never.id));
          await html(await get("/teachers?free=yes"), 400);
          await html(await get("/teachers?sort=price"), 400);
        },
      );

      await t.step(
        `disabled teachers are not listed (${app.kind})`,
        async () => {
          await app.db.query(
            "UPDATE users SET disabled_at = now() WHERE id = $1",
            [
              cy.id,
            ],
          );
          const body = await html(await get("/teachers?q=maths"), 200);
          assert.deepEqual(idsOf(body), []);
          const english = await html(await get("/teachers?q="), 200);
          assert.doesNotMatch(english, /<option\s+value="French"/);
        },
      );
    } finally {
      await app.close();
    }
  },
});
