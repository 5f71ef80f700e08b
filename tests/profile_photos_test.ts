// Teacher photos through the app with real requests and real images made
// by the image library in the test: JPEG, PNG and WebP uploads re-encoded
// to square JPEGs, served by content hash with immutable caching; a wrong
// type, an SVG with script, a broken image and oversize uploads get a
// field error and store nothing; only the teacher changes their photo.
import assert from "node:assert/strict";
import { createTestApp, postForm, type TestApp } from "@/tests/_app.ts";
import { createTestUser } from "@/tests/_db.ts";
import { solidImage } from "@/lib/profiles/_jimp.ts";
import { headerSize, sniffPhotoType } from "@/lib/profiles/image.ts";

function upload(
  app: TestApp,
  token: string,
  bytes: Uint8Array,
  name: string,
  type: string,
): Promise<Response> {
  const form = new FormData();
  form.set(
    "photo",
    new File([bytes as Uint8Array<ArrayBuffer>], name, { type }),
  );
  return app.request("/account/profile", {
    method: "POST",
    body: form,
    token,
  });
}

async function hashes(app: TestApp): Promise<string[]> {
  const rows = await app.db.query<{ content_hash: string }>(
    "SELECT content_hash FROM teacher_photos ORDER BY content_hash",
  );
  return rows.map((r) => r.content_hash);
}

Deno.test({
  name: "teacher photos",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app: TestApp = await createTestApp();
    try {
      const teacher = await createTestUser(app.db, { role: "teacher" });
      const student = await createTestUser(app.db, { role: "student" });
      const token = await app.tokenFor(teacher);
      const studentToken = await app.tokenFor(student);
      const current = async () =>
        (await app.db.query<{ photo_small: string; photo_large: string }>(
          "SELECT photo_small, photo_large FROM teacher_profiles WHERE teacher_id = $1",
          [teacher.id],
        ))[0];

      for (
        const [mime, name] of [
          ["image/png", "me.png"],
          ["image/jpeg", "me.jpg"],
          ["image/webp", "me.webp"],
        ] as const
      ) {
        await t.step(
          `a ${mime} upload is re-encoded (${app.kind})`,
          async () => {
            // Wide, so the squares are crops.
            const bytes = await solidImage(mime, 120, 60, 0x22aa44ff);
            assert.equal(sniffPhotoType(bytes), mime.slice(6));
            const res = await upload(app, token, bytes, name, mime);
            assert.equal(res.status, 303, await res.text());
            assert.equal(
              res.headers.get("location"),
              "/account/profile?saved=photo",
            );
            const { photo_small, photo_large } = await current();
            // Only the current photo's two renditions are kept.
            assert.deepEqual(
              await hashes(app),
              [photo_small, photo_large].sort(),
            );
            for (
              const [hash, size] of [[photo_small, 96], [
                photo_large,
                320,
              ]] as const
            ) {
              const photo = await app.request(`/photos/${hash}.jpg`);
              assert.equal(photo.status, 200);
              assert.equal(photo.headers.get("content-type"), "image/jpeg");
              assert.equal(
                photo.headers.get("cache-control"),
                "public, max-age=31536000, immutable",
              );
              const body = new Uint8Array(await photo.arrayBuffer());
              assert.equal(sniffPhotoType(body), "jpeg");
              assert.deepEqual(headerSize(body, "jpeg"), {
                width: size,
                height: size,
              });
              const digest = new Uint8Array(
                await crypto.subtle.digest("SHA-256", body),
              );
              assert.equal(
                [...digest].map((x) => x.toString(16).padStart(2, "0")).join(
                  "",
                ),
                hash,
              );
            }
            const page = await app.request(`/teachers/${teacher.id}`, {
              token: studentToken,
            });
            assert.match(
              await page.text(),
              new RegExp(`/photos/${photo_large}\\.jpg`),
            );
          },
        );
      }

      await t.step(`bad files store nothing (${app.kind})`, async () => {
        const before = await hashes(app);
        const png = await solidImage("image/png", 40, 40);
        const huge = new Uint8Array(2 * 1024 * 1024 + 1);
        huge.set(png.subarray(0, 33));
        const gif = new TextEncoder().encode(
          "GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        );
        const svg = new TextEncoder().encode(
          '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        );
        const cases: [Uint8Array, string, string, RegExp][] = [
          [svg, "me.png", "image/png", /must be a JPEG, PNG or WebP/],
          [svg, "me.svg", "image/svg+xml", /must be a JPEG, PNG or WebP/],
          [gif, "me.gif", "image/gif", /must be a JPEG, PNG or WebP/],
          [png.subarray(0, 60), "me.png", "image/png", /could not be read/],
          [huge, "me.png", "image/png", /at most 2 MB/],
          [
            new Uint8Array(3 * 1024 * 1024),
            "me.jpg",
            "image/jpeg",
            /at most 2 MB/,
          ],
        ];
        for (const [bytes, name, type, message] of cases) {
          const res = await upload(app, token, bytes, name, type);
          const body = await res.text();
          assert.equal(res.status, 400, `${name}: ${body.slice(0, 200)}`);
          assert.match(body, /id="field-photo-error"/);
          assert.match(body, message);
        }
        assert.deepEqual(await hashes(app), before);
      });

      await t.step(
        `the size limit holds while reading a chunked upload (${app.kind})`,
        async () => {
          let pulled = 0;
          const chunk = new Uint8Array(64 * 1024);
          const body = new ReadableStream<Uint8Array>({
            pull(c) {
              pulled++;
              if (pulled > 160) c.close(); // 10 MB if read to the end
              else c.enqueue(chunk);
            },
          });
          const res = await app.request("/account/profile", {
            method: "POST",
            body,
            headers: { "content-type": "multipart/form-data; boundary=x" },
            token,
          });
          assert.equal(res.status, 400);
          assert.match(await res.text(), /at most 2 MB/);
          assert.ok(pulled < 40, `read ${pulled} chunks`);
        },
      );

      await t.step(
        `only the teacher changes their photo (${app.kind})`,
        async () => {
          const before = await hashes(app);
          const png = await solidImage("image/png", 40, 40);
          const res = await upload(
            app,
            studentToken,
            png,
            "me.png",
            "image/png",
          );
          assert.equal(res.status, 403);
          await res.body?.cancel();
          assert.deepEqual(await hashes(app), before);
          assert.equal(
            (await app.request(`/photos/${"0".repeat(64)}.jpg`)).status,
            404,
          );
          assert.equal((await app.request("/photos/../x.jpg")).status, 404);
        },
      );

      await t.step(`the teacher removes the photo (${app.kind})`, async () => {
        const res = await postForm(
          app,
          "/account/profile",
          { action: "remove_photo" },
          token,
        );
        assert.equal(res.status, 303);
        assert.deepEqual(await hashes(app), []);
        const { photo_large } = await current();
        assert.equal(photo_large, null);
      });
    } finally {
      await app.close();
    }
  },
});
