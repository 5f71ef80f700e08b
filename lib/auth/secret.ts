// The HMAC key for session tokens: JWT_SECRET in production; in development a
// random key generated once into DATA_DIR, so sessions survive restarts.
import type { Config } from "@/lib/config.ts";

/** File name of the generated development secret inside DATA_DIR. */
export const JWT_SECRET_FILE = "jwt_secret";

const SECRET_BYTES = 32;

/**
 * The session signing key: the UTF-8 bytes of `config.jwtSecret` when set,
 * otherwise the 32 random bytes stored base64 in `<dataDir>/jwt_secret`,
 * created (mode 0600, folder included) on first use. Safe when several
 * processes start at once: exactly one file wins and all use it. Never logs it.
 * @throws {Error} when the secret file exists but does not hold a 32-byte key,
 *   or cannot be read or written
 */
export async function loadJwtSecret(
  config: Pick<Config, "jwtSecret" | "dataDir">,
): Promise<Uint8Array> {
  if (config.jwtSecret) return new TextEncoder().encode(config.jwtSecret);

  const path = `${config.dataDir}/${JWT_SECRET_FILE}`;
  const existing = await readSecretFile(path);
  if (existing) return existing;

  await Deno.mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const key = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  // Written aside and then linked into place: the link fails if another
  // process got there first, and nobody ever reads a half-written file.
  const temp = `${path}.${crypto.randomUUID()}.tmp`;
  try {
    await Deno.writeTextFile(temp, key.toBase64() + "\n", {
      mode: 0o600,
      createNew: true,
    });
    if (Deno.build.os !== "windows") await Deno.chmod(temp, 0o600);
    try {
      await Deno.link(temp, path);
      return key;
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
    }
  } finally {
    await Deno.remove(temp).catch(() => {});
  }
  const winner = await readSecretFile(path);
  if (!winner) {
    throw new Error(`Cannot read the JWT secret: ${path} disappeared`);
  }
  return winner;
}

async function readSecretFile(path: string): Promise<Uint8Array | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
  let key: Uint8Array | null = null;
  try {
    key = Uint8Array.fromBase64(text.trim());
  } catch {
    key = null;
  }
  if (!key || key.length !== SECRET_BYTES) {
    throw new Error(
      `Cannot use the JWT secret in ${path}: it is not ${SECRET_BYTES} bytes in base64; delete the file to generate a new one`,
    );
  }
  return key;
}
