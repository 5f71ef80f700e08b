// The one spelling of an e-mail address that accounts are stored, looked up
// and throttled under. PostgreSQL's lower() depends on the server's locale and
// differs from JavaScript's case mapping (lower('İ') is 'i' under C.UTF-8,
// 'İ'.toLowerCase() is 'i̇'), so the database never folds case itself.

/**
 * The normalised form of an e-mail address: trimmed, NFKC-normalised and
 * lowercased with Unicode's default case mapping. Idempotent. Used for
 * storage (and so uniqueness), for lookup and for the throttle keys alike.
 */
export function normalizeEmail(email: string): string {
  return String(email).trim().normalize("NFKC").toLowerCase().normalize(
    "NFKC",
  );
}
