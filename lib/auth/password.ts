// Password hashing with PBKDF2-SHA256 from WebCrypto, in a self-describing
// format so the iteration count can be raised later without breaking old hashes.
// Every hash runs in the bounded pool of hash_pool.ts.
import { timingSafeEqual as bytesEqual } from "node:crypto";
import { inHashPool } from "@/lib/auth/hash_pool.ts";
import { TooManyRequestsError } from "@/lib/errors.ts";

/** PBKDF2 iterations for new hashes (OWASP's 2023 figure for PBKDF2-SHA256). */
export const PBKDF2_ITERATIONS = 600_000;

/** Prefix of every stored hash this module writes. */
export const HASH_SCHEME = "pbkdf2-sha256";

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds on stored hashes: a corrupted or hostile iteration count must not
// become a denial of service, and a tiny one must not pass as a real hash.
const MIN_ITERATIONS = 1_000;
const MAX_ITERATIONS = 10_000_000;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Hashes a password for storage as
 * `pbkdf2-sha256$600000$<salt base64>$<hash base64>`, with a fresh 16-byte salt.
 * The password is NFKC-normalized first, so the same characters typed on
 * different keyboards hash alike. `iterations` exists for test fixtures only.
 * @throws {TypeError} when `password` is not a string
 * @throws {TooManyRequestsError} when the hashing pool's line is full
 */
export async function hashPassword(
  password: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<string> {
  if (typeof password !== "string") {
    throw new TypeError("password must be a string");
  }
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations, KEY_BYTES);
  return `${HASH_SCHEME}$${iterations}$${salt.toBase64()}$${hash.toBase64()}`;
}

/**
 * Checks a password against a stored hash, using the iteration count the hash
 * records and a constant-time comparison. Never throws for bad input: a
 * malformed stored hash or a non-string input gives `false`.
 * @throws {TooManyRequestsError} when the hashing pool's line is full
 */
export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  if (typeof password !== "string" || typeof stored !== "string") return false;
  const parsed = parseHash(stored);
  if (!parsed) return false;
  try {
    const derived = await derive(
      password,
      parsed.salt,
      parsed.iterations,
      parsed.hash.length,
    );
    return timingSafeEqual(derived, parsed.hash);
  } catch (err) {
    if (err instanceof TooManyRequestsError) throw err;
    return false;
  }
}

/**
 * Compares two byte arrays in constant time (node:crypto's timingSafeEqual)
 * for arrays of one length; arrays of different lengths are unequal at once.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && bytesEqual(a, b);
}

interface ParsedHash {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== HASH_SCHEME) return null;
  const [, iterationsText, saltText, hashText] = parts;
  if (!/^[1-9]\d{0,8}$/.test(iterationsText)) return null;
  const iterations = Number(iterationsText);
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) return null;
  const salt = decodeBase64(saltText);
  const hash = decodeBase64(hashText);
  if (!salt || salt.length < 8 || salt.length > 64) return null;
  if (!hash || hash.length !== KEY_BYTES) return null;
  return { iterations, salt, hash };
}

function decodeBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  try {
    return Uint8Array.fromBase64(text, { lastChunkHandling: "strict" });
  } catch {
    return null;
  }
}

async function derive(
  password: string,
  salt: Uint8Array,
  iterations: number,
  bytes: number,
): Promise<Uint8Array> {
  return await inHashPool(async () => {
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(password.normalize("NFKC")),
      "PBKDF2",
      false,
      ["deriveBits"],
    );
    const bits = await crypto.subtle.deriveBits(
      {
        name: "PBKDF2",
        hash: "SHA-256",
        salt: salt as Uint8Array<ArrayBuffer>,
        iterations,
      },
      key,
      bytes * 8,
    );
    return new Uint8Array(bits);
  });
}
