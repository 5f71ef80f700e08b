// The jimp build used for photos: its JPEG and PNG codecs, the WebP codec
// (WASM) and the cover (crop and resize) plugin; not the "jimp" bundle, whose
// quantize plugin pins an old @types/node for the whole app. Loaded lazily
// by image.ts.
// @ts-types="./_jimp_types.d.ts"
import { createJimp } from "@jimp/core";
// @ts-types="./_jimp_types.d.ts"
import jpeg from "@jimp/js-jpeg";
// @ts-types="./_jimp_types.d.ts"
import png from "@jimp/js-png";
// @ts-types="./_jimp_types.d.ts"
import { methods as cover } from "@jimp/plugin-cover";
// @ts-types="./_jimp_types.d.ts"
import webp from "@jimp/wasm-webp";

const Jimp = createJimp({
  formats: [jpeg, png, webp],
  plugins: [cover],
});

/** Decodes an image and encodes centre-cropped square JPEGs of each size. */
export async function squareJpegs(
  bytes: Uint8Array,
  sizes: readonly number[],
): Promise<{ size: number; bytes: Uint8Array }[]> {
  const image = await Jimp.fromBuffer(
    bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer,
  );
  const out = [];
  for (const size of sizes) {
    const square = image.clone().cover({ w: size, h: size });
    const canvas = new Jimp({ width: size, height: size, color: 0xffffffff });
    canvas.composite(square, 0, 0);
    const jpeg = await canvas.getBuffer("image/jpeg", { quality: 85 });
    out.push({ size, bytes: new Uint8Array(jpeg) });
  }
  return out;
}

/** Encodes a solid test image in a format (for tests). */
export async function solidImage(
  mime: "image/jpeg" | "image/png" | "image/webp",
  width: number,
  height: number,
  color = 0x3366ccff,
): Promise<Uint8Array> {
  const image = new Jimp({ width, height, color });
  return new Uint8Array(await image.getBuffer(mime));
}
