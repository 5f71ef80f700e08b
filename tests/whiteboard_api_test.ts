// The whiteboard's JSON API and its pages in the lesson record, driven
// in-process with real requests: participants read and save (merged by op
// id), outsiders and signed-out callers are refused before the body is read,
// bad bodies are 400 and oversize ones 413; the booking page draws the saved
// pages as inline SVG.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import type { Op } from "@/lib/whiteboard/ops.ts";
import { MAX_SAVE_BYTES } from "@/lib/whiteboard/schema.ts";

function put(body: unknown, type = "application/json"): RequestInit {
  return {
    method: "PUT",
    headers: { "content-type": type },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

async function json(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, text.slice(0, 300));
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return JSON.parse(text);
}

const pen = (id: string, t: number, p = 0, n = 2): Op => ({
  id,
  t,
  p,
  k: "pen",
  c: 2,
  w: 10,
  pts: Array.from({ length: n * 2 }, (_, i) => 100 + (i * 13) % 800),
});

Deno.test("the whiteboard API and its lesson record pages", async (t) => {
  const app: TestApp = await createTestApp();
  try {
    const teacher = await createTestUser(app.db, { role: "teacher" });
    const student = await createTestUser(app.db);
    const outsider = await createTestUser(app.db);
    const [teacherToken, studentToken, outsiderToken] = await Promise.all(
      [teacher, student, outsider].map((u) => app.tokenFor(u)),
    );
    const booking = await createTestBooking(app.db, {
      teacher,
      student,
      startInMinutes: -10,
      minutes: 60,
    });
    const api = `/api/bookings/${booking.id}/whiteboard`;

    await t.step("participants read an empty board and save ops", async () => {
      assert.deepEqual(
        await json(await app.request(api, { token: studentToken }), 200),
        { ops: [] },
      );
      const text: Op = {
        id: "s-2",
        t: 2,
        p: 1,
        k: "text",
        c: 0,
        x: 200,
        y: 300,
        s: "Past <simple>",
      };
      assert.deepEqual(
        await json(
          await app.request(api, {
            ...put({ ops: [pen("s-1", 1), text] }),
            token: studentToken,
          }),
          200,
        ),
        { added: 2 },
      );
      // The teacher saves what arrived over the channel, and its own line.
      assert.deepEqual(
        await json(
          await app.request(api, {
            ...put({ ops: [pen("s-1", 1), pen("t-1", 3)] }),
            token: teacherToken,
          }),
          200,
        ),
        { added: 1 },
      );
      const { ops } = await json(
        await app.request(api, { token: teacherToken }),
        200,
      );
      assert.deepEqual(ops.map((o: Op) => o.id), ["s-1", "s-2", "t-1"]);
    });

    await t.step("bad bodies are 400", async () => {
      const bad: [unknown, string?][] = [
        ["not json"],
        [{ ops: [pen("x", 1)] }, "text/plain"],
        [{}],
        [{ ops: "x" }],
        [{ ops: [{ ...pen("x", 1), c: 99 }] }],
        [{ ops: [{ ...pen("x", 1), pts: [1, 2, 3] }] }],
        [{ ops: [{ ...pen("x", 1), p: 10 }] }],
        [{ ops: [{ ...pen("x", 1), id: "../x" }] }],
        [{ ops: [{ ...pen("x", 1), evil: "<script>" }] }],
        [{ ops: [pen("x", 1)], more: 1 }],
        [{ ops: Array.from({ length: 501 }, (_, i) => pen(`m-${i}`, i)) }],
      ];
      for (const [body, type] of bad) {
        const res = await json(
          await app.request(api, { ...put(body, type), token: studentToken }),
          400,
        );
        assert.equal(res.error.code, "invalid_request");
        assert.match(res.error.message, /^Invalid request: /);
      }
    });

    await t.step(
      "too large: a body over the limit, a page past its size",
      async () => {
        const huge = JSON.stringify({
          ops: [{ ...pen("h", 1), pts: [] }],
          pad: "x".repeat(MAX_SAVE_BYTES),
        });
        const res = await json(
          await app.request(api, { ...put(huge), token: studentToken }),
          413,
        );
        assert.equal(res.error.code, "payload_too_large");
        // Each request is valid, but page 4 fills up.
        let status = 200;
        for (let i = 0; i < 20 && status === 200; i++) {
          const batch = Array.from(
            { length: 10 },
            (_, j) => pen(`f-${i}-${j}`, 10 + i, 4, 1000),
          );
          const r = await app.request(api, {
            ...put({ ops: batch }),
            token: teacherToken,
          });
          status = r.status;
          await r.body?.cancel();
        }
        assert.equal(status, 413);
      },
    );

    await t.step(
      "outsiders, strangers and unknown bookings are refused",
      async () => {
        for (const init of [{}, put({ ops: [pen("o-1", 1)] })]) {
          const refused = await json(
            await app.request(api, { ...init, token: outsiderToken }),
            403,
          );
          assert.equal(refused.error.code, "forbidden");
          await json(
            await app.request(
              `/api/bookings/${crypto.randomUUID()}/whiteboard`,
              { ...init, token: teacherToken },
            ),
            404,
          );
          const anon = await app.request(api, init);
          assert.equal(anon.status, 401);
          await anon.body?.cancel();
        }
        const { ops } = await json(
          await app.request(api, { token: studentToken }),
          200,
        );
        assert.ok(!ops.some((o: Op) => o.id === "o-1"));
      },
    );

    await t.step("the lesson record draws the saved pages as SVG", async () => {
      const res = await app.request(`/bookings/${booking.id}`, {
        token: studentToken,
      });
      const page = await res.text();
      assert.equal(res.status, 200);
      const record = /<section id="lesson-record"[\s\S]*?<\/section>/.exec(
        page,
      )?.[0] ?? "";
      assert.match(record, /<h3[^>]*>Whiteboard<\/h3>/);
      assert.match(record, /aria-label="Whiteboard page 1"/);
      assert.match(record, /aria-label="Whiteboard page 2"/);
      // Text is escaped; lines are smoothed outlines in the chosen colour.
      assert.match(record, /Past &lt;simple>/);
      assert.match(record, /<path d="M[\d. ]+Q[^"]+Z" fill="#2563eb"/);
      assert.ok(!record.includes("<script"));
    });
  } finally {
    await app.close();
  }
});
