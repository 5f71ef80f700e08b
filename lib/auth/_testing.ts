// Test support for lib/auth: password hashes that are cheap to verify.
import { HASH_SCHEME } from "@/lib/auth/password.ts";

/**
 * A hash in the stored format at a low iteration count, for tests that sign in
 * many times. `verifyPassword` reads the count from the hash, so it checks these
 * exactly as it checks real ones, only faster. Never for production data.
 */
export async function lowCostHash(
  password: string,
  iterations = 1_000,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password.normalize("NFKC")),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    256,
  );
  return `${HASH_SCHEME}$${iterations}$${salt.toBase64()}$${
    new Uint8Array(bits).toBase64()
  }`;
}
