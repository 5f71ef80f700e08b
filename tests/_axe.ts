/**
 * Accessibility checks for the browser tests: injects axe-core (the npm
 * package, used only by tests) into a Playwright page and fails on serious
 * or critical violations.
 * @module
 */
import axe from "axe-core";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";

/** The axe-core build the tests inject, as script text. */
const AXE_SOURCE = (axe as unknown as { source: string }).source;

/** The impacts that fail a check. */
const FAILING = new Set(["serious", "critical"]);

/** One violation, as the failure message lists it. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page as it is now; returns every violation. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  if (!await page.evaluate(() => "axe" in globalThis)) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  return await page.evaluate(async () => {
    const axe = (globalThis as unknown as {
      axe: {
        run(
          context: Document,
          options: Record<string, unknown>,
        ): Promise<{
          violations: {
            id: string;
            impact: string | null;
            help: string;
            nodes: { target: unknown[] }[];
          }[];
        }>;
      };
    }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
}

/**
 * Asserts that axe-core finds no serious or critical violation on the page.
 * @throws AssertionError listing each violation with the elements at fault
 */
export async function assertAccessible(
  page: Page,
  what: string,
): Promise<void> {
  const failing = (await axeViolations(page)).filter((v) =>
    FAILING.has(v.impact ?? "")
  );
  assert.deepEqual(
    failing.map((v) =>
      `${v.impact} ${v.id}: ${v.help} (${v.targets.join(", ")})`
    ),
    [],
    `${what}: accessibility violations`,
  );
}
