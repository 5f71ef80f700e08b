/**
 * Renders the app icon (static/favicon.svg) to the PNG renditions the web
 * app manifest and iOS need, in headless Chromium. Run once after changing
 * the icon, then commit the PNGs:
 *
 *     deno run -A --config deno.dev.json tools/make_icons.ts
 *
 * "any" icons keep the rounded corners (transparent outside them); the
 * maskable and Apple icons are full-bleed squares, the mark shrunk into the
 * maskable safe zone (a circle of 40% of the size) since the platform crops.
 * @module
 */
import { launchBrowser } from "@/tests/_browser.ts";

const STATIC = new URL("../static/", import.meta.url);
const source = await Deno.readTextFile(new URL("favicon.svg", STATIC));

/** The icon as full-bleed art: square background, mark scaled about the centre. */
function fullBleed(svg: string, scale: number): string {
  const inner = svg.replace(/^<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "")
    .replace(/<rect[^>]*\/>/, "");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">` +
    `<rect width="64" height="64" fill="#4338ca"/>` +
    `<g transform="translate(32 32) scale(${scale}) translate(-32 -33)">` +
    `${inner}</g></svg>`;
}

const RENDITIONS: [file: string, size: number, svg: string][] = [
  ["icons/icon-192.png", 192, source],
  ["icons/icon-512.png", 512, source],
  ["icons/maskable-512.png", 512, fullBleed(source, 0.8)],
  ["icons/apple-touch-icon.png", 180, fullBleed(source, 0.9)],
];

const browser = await launchBrowser();
try {
  for (const [file, size, svg] of RENDITIONS) {
    const page = await browser.newPage({
      viewport: { width: size, height: size },
      deviceScaleFactor: 1,
    });
    const img = `data:image/svg+xml;base64,${btoa(svg)}`;
    await page.setContent(
      `<style>*{margin:0}img{display:block}</style>` +
        `<img src="${img}" width="${size}" height="${size}">`,
    );
    await page.locator("img").evaluate((el: HTMLImageElement) => el.decode());
    const png = await page.screenshot({ omitBackground: true, type: "png" });
    await Deno.writeFile(new URL(file, STATIC), png);
    console.log(`static/${file}: ${size}x${size}, ${png.byteLength} bytes`);
    await page.close();
  }
} finally {
  await browser.close();
}
