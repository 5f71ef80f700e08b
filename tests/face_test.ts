// The app's face on the wire: the web app manifest, its icons at their
// stated pixel sizes, and the head every page carries (icon, manifest, name).
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestUser } from "@/tests/_db.ts";

const THEME = "#4338ca";

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): [number, number] {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.deepEqual([...bytes.subarray(0, 8)], signature, "not a PNG");
  assert.equal(new TextDecoder().decode(bytes.subarray(12, 16)), "IHDR");
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

/** Fetches a same-origin URL and checks it is served whole with `type`. */
async function fetchAs(
  app: TestApp,
  url: string,
  type: string,
): Promise<Uint8Array> {
  const res = await app.request(url);
  const body = new Uint8Array(await res.arrayBuffer());
  assert.equal(res.status, 200, `${url}: ${res.status}`);
  assert.equal(res.headers.get("content-type"), type, url);
  assert.ok(body.byteLength > 0, url);
  return body;
}

/** The pages to check: every route file without parameters, by URL path. */
async function pagePaths(): Promise<string[]> {
  const gen = await Deno.readTextFile(
    new URL("../fresh.gen.ts", import.meta.url),
  );
  const paths = new Set<string>();
  for (const [, file] of gen.matchAll(/"\.\/routes\/([^"]+)\.tsx"/g)) {
    if (file.includes("[") || file.split("/").some((p) => p.startsWith("_"))) {
      continue;
    }
    paths.add("/" + file.replace(/(^|\/)index$/, ""));
  }
  return [...paths].sort();
}

/** The attributes of each `<tag>` in `html`, as maps. */
function tags(html: string, tag: string): Map<string, string>[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, "g"))].map((m) =>
    new Map(
      [...m[1].matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]),
    )
  );
}

Deno.test({
  name: "the web app manifest and the head of every page",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await createTestApp();
    try {
      await t.step(
        "the manifest is served as JSON naming real icons",
        async () => {
          const body = await fetchAs(
            app,
            "/manifest.webmanifest",
            "application/manifest+json",
          );
          const manifest = JSON.parse(new TextDecoder().decode(body));
          assert.equal(manifest.name, "Talkroom");
          assert.equal(manifest.short_name, "Talkroom");
          assert.equal(manifest.start_url, "/bookings");
          assert.equal(manifest.display, "standalone");
          assert.equal(manifest.theme_color, THEME);
          assert.match(manifest.background_color, /^#[0-9a-f]{6}$/);
          const icons: ManifestIcon[] = manifest.icons;
          const pngs = new Map<string, string>();
          for (const icon of icons) {
            assert.match(icon.src, /^\/[^/]/, "a same-origin path");
            const bytes = await fetchAs(app, icon.src, icon.type);
            if (icon.type !== "image/png") continue;
            const [width, height] = pngSize(bytes);
            assert.equal(`${width}x${height}`, icon.sizes, icon.src);
            pngs.set(`${icon.sizes} ${icon.purpose ?? "any"}`, icon.src);
          }
          // What Chromium asks of an installable app, plus a maskable icon.
          for (
            const need of ["192x192 any", "512x512 any", "512x512 maskable"]
          ) {
            assert.ok(pngs.has(need), `no ${need} PNG icon`);
          }
        },
      );

      const paths = await pagePaths();
      assert.ok(paths.length >= 10, `only ${paths}`);
      paths.push("/no-such-page");
      const admin = await createTestUser(app.db, { role: "admin" });
      const viewers: [string, string | undefined][] = [
        ["anonymous", undefined],
        ["an admin", await app.tokenFor(admin)],
      ];
      await t.step(
        `${paths.length} pages link the manifest and icons`,
        async () => {
          let checked = 0;
          for (const [who, token] of viewers) {
            for (const path of paths) {
              const res = await app.request(path, { token });
              const html = await res.text();
              if (res.status >= 300 && res.status < 400) continue;
              const what = `${path} (${who}, ${res.status})`;
              assert.ok(res.status < 500, what);
              assert.match(
                res.headers.get("content-type") ?? "",
                /^text\/html/,
              );
              const head = /<head>([\s\S]*?)<\/head>/.exec(html)?.[1] ?? "";
              const links = tags(head, "link");
              const meta = tags(head, "meta");
              const link = (rel: string) =>
                links.find((l) => l.get("rel") === rel)?.get("href");
              const metaContent = (name: string) =>
                meta.find((m) => m.get("name") === name)?.get("content");
              assert.equal(link("manifest"), "/manifest.webmanifest", what);
              assert.match(link("icon") ?? "", /^\/favicon\.svg(\?|$)/, what);
              assert.ok(link("apple-touch-icon"), what);
              assert.equal(metaContent("theme-color"), THEME, what);
              assert.equal(metaContent("application-name"), "Talkroom", what);
              assert.match(
                /<title>([^<]*)<\/title>/.exec(head)?.[1] ?? "",
                /Talkroom/,
                what,
              );
              checked++;
            }
          }
          assert.ok(checked >= paths.length, `only ${checked} pages rendered`);
        },
      );

      await t.step(
        "the head's icons are served, the Apple one at 180×180",
        async () => {
          const html = await (await app.request("/")).text();
          const links = tags(html, "link");
          const href = (rel: string) =>
            links.find((l) => l.get("rel") === rel)!.get("href")!;
          const icon = await fetchAs(app, href("icon"), "image/svg+xml");
          assert.match(new TextDecoder().decode(icon), /^<svg[^>]*viewBox=/);
          const apple = await fetchAs(
            app,
            href("apple-touch-icon"),
            "image/png",
          );
          assert.deepEqual(pngSize(apple), [180, 180]);
        },
      );
    } finally {
      await app.close();
    }
  },
});
