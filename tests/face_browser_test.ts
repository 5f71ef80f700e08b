// The app's face in Chromium: the browser reads the web app manifest under
// the page's CSP, finds it valid and the app installable, and loads its icons.
import assert from "node:assert/strict";
import mainManifest from "@/fresh.gen.ts";
import mainConfig from "@/fresh.config.ts";
import { collectPageErrors, launchBrowser, serveApp } from "./_browser.ts";
import { createTestApp } from "./_app.ts";

const TIMEOUT = 5_000;

Deno.test({
  name:
    "Chromium reads the manifest, finds Talkroom installable, loads its icons",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const browser = await launchBrowser();
    const services = await createTestApp();
    const app = await serveApp(mainManifest, mainConfig);
    try {
      // A phone, where adding to the home screen matters.
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const errors = collectPageErrors(page);
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (e) => {
          console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      const response = await page.goto(`${app.origin}/login`);
      assert.equal(response?.status(), 200);

      // What the browser itself fetched, under the page's CSP (manifest-src).
      const cdp = await context.newCDPSession(page);
      const read = await cdp.send("Page.getAppManifest");
      assert.equal(read.url, `${app.origin}/manifest.webmanifest`);
      assert.deepEqual(read.errors, []);
      assert.equal(read.manifest?.name, "Talkroom");
      assert.equal(read.manifest?.startUrl, `${app.origin}/bookings`);
      assert.equal(read.manifest?.display, "kStandalone");
      // Test browser contexts are incognito; nothing else may stand in the way.
      const { installabilityErrors } = await cdp.send(
        "Page.getInstallabilityErrors",
      );
      assert.deepEqual(
        installabilityErrors.filter((e) => e.errorId !== "in-incognito"),
        [],
      );

      // Each icon the manifest names decodes as an image, at its stated size.
      const icons = read.manifest?.icons ?? [];
      assert.ok(icons.length >= 3);
      const sizes = await page.evaluate(async (urls) => {
        const out: string[] = [];
        for (const url of urls) {
          const img = new Image();
          img.src = url;
          await img.decode();
          out.push(`${img.naturalWidth}x${img.naturalHeight}`);
        }
        return out;
      }, icons.map((i) => i.url));
      icons.forEach((icon, i) => {
        if (icon.sizes !== "0x0") assert.equal(sizes[i], icon.sizes, icon.url);
      });
      assert.deepEqual(errors, []);
    } finally {
      await app.close();
      await services.close();
      await browser.close();
    }
  },
});
