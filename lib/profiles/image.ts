// Checking and re-encoding an uploaded photo: the type is read from the
// bytes (never the file name or the declared type), the size from the
// header before decoding (so a small file cannot ask for gigabytes of
// pixels), then a real decode by jimp and square JPEG renditions.
import { BadRequestError, msg, type Text } from "@/lib/errors.ts";

/** Largest photo upload, in bytes. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
/** The square renditions kept of each photo, in pixels. */
export const PHOTO_SIZES = [96, 320] as const;
/** Largest width or height of a photo accepted for decoding. */
const MAX_SIDE = 8000;
/** Largest number of pixels accepted for decoding. */
const MAX_PIXELS = 40_000_000;

/** An image type accepted for upload. */
export type PhotoType = "jpeg" | "png" | "webp";

/** One re-encoded square rendition. */
export interface Rendition {
  size: number;
  mime: "image/jpeg";
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, lowercase hex. */
  hash: string;
}

function photoError(
  problem: Text,
): BadRequestError {
  return new BadRequestError(msg("error.photo.invalid", { problem }), {
    photo: problem,
  });
}

const ascii = (b: Uint8Array, at: number, s: string) =>
  [...s].every((c, i) => b[at + i] === c.charCodeAt(0));

/** The image type the bytes start with, or null for anything else. */
export function sniffPhotoType(b: Uint8Array): PhotoType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    return "jpeg";
  }
  if (
    b.length >= 8 &&
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)
  ) return "png";
  if (b.length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
    return "webp";
  }
  return null;
}

/** Width and height from the image header; null when it cannot be read. */
export function headerSize(
  b: Uint8Array,
  type: PhotoType,
): { width: number; height: number } | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  try {
    if (type === "png") {
      if (!ascii(b, 12, "IHDR")) return null;
      return { width: v.getUint32(16), height: v.getUint32(20) };
    }
    if (type === "webp") {
      if (ascii(b, 12, "VP8X")) {
        const w = 1 + (v.getUint32(24, true) & 0xffffff);
        const h = 1 + (v.getUint32(27, true) & 0xffffff);
        return { width: w, height: h };
      }
      if (ascii(b, 12, "VP8L")) {
        const bits = v.getUint32(21, true);
        return {
          width: (bits & 0x3fff) + 1,
          height: ((bits >> 14) & 0x3fff) + 1,
        };
      }
      if (ascii(b, 12, "VP8 ")) {
        return {
          width: v.getUint16(26, true) & 0x3fff,
          height: v.getUint16(28, true) & 0x3fff,
        };
      }
      return null;
    }
    // JPEG: walk the segments to the first start-of-frame.
    let at = 2;
    while (at + 9 < b.length) {
      if (b[at] !== 0xff) return null;
      const marker = b[at + 1];
      if (marker === 0xff) {
        at++;
        continue;
      }
      const isFrame = marker >= 0xc0 && marker <= 0xcf &&
        marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) {
        return { width: v.getUint16(at + 7), height: v.getUint16(at + 5) };
      }
      at += 2 + v.getUint16(at + 2);
    }
    return null;
  } catch {
    return null;
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    bytes as Uint8Array<ArrayBuffer>,
  );
  return [...new Uint8Array(digest)]
    .map((x) => x.toString(16).padStart(2, "0")).join("");
}

// jimp with the WebP codec, loaded on the first upload (not at start-up).
let jimpPromise: Promise<typeof import("@/lib/profiles/_jimp.ts")> | null =
  null;

/**
 * Checks an uploaded photo and re-encodes it as square JPEGs of
 * PHOTO_SIZES (centre-cropped, transparency on white).
 * @throws {BadRequestError} with `fields.photo` for a file that is too
 *   large, not a JPEG, PNG or WebP, too many pixels, or does not decode
 */
export async function processPhoto(bytes: Uint8Array): Promise<Rendition[]> {
  if (bytes.length === 0) throw photoError(msg("error.photo.empty"));
  if (bytes.length > PHOTO_MAX_BYTES) {
    throw photoError(msg("error.photo.tooLarge"));
  }
  const type = sniffPhotoType(bytes);
  if (!type) throw photoError(msg("error.photo.type"));
  const dims = headerSize(bytes, type);
  if (!dims || dims.width < 1 || dims.height < 1) {
    throw photoError(msg("error.photo.unreadable"));
  }
  if (
    dims.width > MAX_SIDE || dims.height > MAX_SIDE ||
    dims.width * dims.height > MAX_PIXELS
  ) {
    // Digits as they are: the limit reads as a number, not an amount.
    throw photoError(
      msg("error.photo.tooManyPixels", { max: String(MAX_SIDE) }),
    );
  }
  jimpPromise ??= import("@/lib/profiles/_jimp.ts");
  const { squareJpegs } = await jimpPromise;
  let encoded: { size: number; bytes: Uint8Array }[];
  try {
    encoded = await squareJpegs(bytes, PHOTO_SIZES);
  } catch {
    throw photoError(msg("error.photo.unreadable"));
  }
  return await Promise.all(encoded.map(async (e) => ({
    size: e.size,
    mime: "image/jpeg" as const,
    bytes: e.bytes,
    hash: await sha256Hex(e.bytes),
  })));
}
