// Island hydration in a real browser: serialized props, slots with nested
// islands, signals shared between islands, and pages that ship no JS.
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import {
  assertText,
  collectPageErrors,
  launchChromium,
  serveApp,
} from "./_serve.ts";

const FIXTURE_MANIFEST = new URL("./fixture/fresh.gen.ts", import.meta.url);
// Fail fast instead of after Playwright's 30 s when an element never shows up.
const TIMEOUT = 5_000;
const HOSTILE =
  "</script><script>window.__pwned=1</script><!-- \u2028 \u2029 &amp; \"q\" 'a'";

/** The `[data-island="counter"]` whose `data-label` equals `label`. */
async function counter(page: Page, label: string): Promise<Locator> {
  const all = page.locator('[data-island="counter"]');
  const labels = await all.evaluateAll((els) =>
    els.map((el) => el.getAttribute("data-label"))
  );
  const index = labels.indexOf(label);
  assert.notEqual(index, -1, `no counter labelled ${JSON.stringify(label)}`);
  return all.nth(index);
}

/** Records the paths of the page's requests for the runtime's JS bundles. */
function collectBundleRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on("request", (req) => {
    const path = new URL(req.url()).pathname;
    if (path.startsWith("/_frsh/js/")) paths.push(path);
  });
  return paths;
}

Deno.test("islands hydrate in Chromium", async (t) => {
  const browser = await launchChromium();
  const fixture = await serveApp(FIXTURE_MANIFEST);
  try {
    await t.step(
      "the fixture islands keep hostile props, slots and shared signals",
      async () => {
        const page = await browser.newPage();
        page.setDefaultTimeout(TIMEOUT);
        const errors = collectPageErrors(page);
        const bundles = collectBundleRequests(page);
        // Module scripts run before "load", and Preact attaches the handlers
        // synchronously in render(), so the islands are live after goto().
        await page.goto(`${fixture.origin}/islands`, { waitUntil: "load" });
        assert.ok(bundles.length > 0, "the page loaded no island bundle");

        const hostile = await counter(page, HOSTILE);
        assert.equal(
          await hostile.locator('[data-role="label"]').textContent(),
          HOSTILE,
        );
        const hostileCount = hostile.locator('[data-role="count"]');
        await assertText(hostileCount, "1");
        await hostile.getByRole("button").click();
        await assertText(hostileCount, "2");
        assert.equal(
          await page.evaluate(() =>
            typeof (globalThis as { __pwned?: unknown }).__pwned
          ),
          "undefined",
        );
        assert.equal(
          await page.evaluate(() =>
            [...document.scripts].filter((s) =>
              s.type !== "application/json" &&
              s.text.includes("window.__pwned")
            ).length
          ),
          0,
          "the hostile label became an executable script",
        );

        const shell = page.locator('[data-island="shell"]');
        assert.equal(await shell.locator("h2").textContent(), "Outer");
        const slotText = shell.locator(
          '[data-role="slot"] [data-role="slot-text"]',
        );
        const nested = shell.locator(
          '[data-role="slot"] [data-island="counter"]',
        );
        const nestedCount = nested.locator('[data-role="count"]');
        const shellButton = shell.locator(':scope > button[type="button"]');
        await assertText(nestedCount, "10");
        await nested.getByRole("button").click();
        await assertText(nestedCount, "11");
        await assertText(shellButton, "Shell clicked 0 times");
        await shellButton.click();
        await assertText(shellButton, "Shell clicked 1 times");
        await assertText(slotText, "Slot text");
        // Re-rendering the Shell keeps the nested island and its state.
        assert.equal(await nested.count(), 1);
        await assertText(nestedCount, "11");
        await nested.getByRole("button").click();
        await assertText(nestedCount, "12");

        const reader = page.locator('[data-island="reader"]');
        await assertText(reader, "3");
        await page.locator('[data-island="writer"]').click();
        await assertText(reader, "4");

        const when = (await counter(page, "dated")).locator(
          '[data-role="when"]',
        );
        assert.equal(await when.getAttribute("data-when-is-date"), "true");
        assert.equal(
          await when.getAttribute("data-when"),
          "2024-05-06T07:08:09.000Z",
        );

        // Hydration adopted the server's DOM instead of adding a second copy.
        assert.equal(await page.locator('[data-island="counter"]').count(), 3);
        assert.equal(await shell.count(), 1);
        assert.deepEqual(errors, []);
        await page.close();
      },
    );

    await t.step("a page without islands loads no script", async () => {
      const page = await browser.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const errors = collectPageErrors(page);
      const bundles = collectBundleRequests(page);
      await page.goto(`${fixture.origin}/`, { waitUntil: "load" });
      assert.equal(await page.locator("script").count(), 0);
      assert.equal(
        await page.locator('link[rel="modulepreload"]').count(),
        0,
      );
      assert.deepEqual(bundles, []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  } finally {
    await browser.close();
    await fixture.close();
  }
});
