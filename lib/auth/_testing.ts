// Test support for lib/auth: password hashes that are cheap to verify.
import { hashPassword } from "@/lib/auth/password.ts";

/**
 * A hash in the stored format at a low iteration count, for tests that sign in
 * many times. `verifyPassword` reads the count from the hash, so it checks these
 * exactly as it checks real ones, only faster. Never for production data.
 */
export function lowCostHash(
  password: string,
  iterations = 1_000,
): Promise<string> {
  return hashPassword(password, iterations);
}
