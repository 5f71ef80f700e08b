// PostgreSQL error codes (SQLSTATE) and the fields of a database error that
// the domain reads, the same for PGlite and postgres.js.

/** SQLSTATE of a unique constraint violation. */
export const PG_UNIQUE_VIOLATION = "23505";
/** SQLSTATE of an exclusion constraint violation. */
export const PG_EXCLUSION_VIOLATION = "23P01";
/** SQLSTATE of a foreign key violation. */
export const PG_FOREIGN_KEY_VIOLATION = "23503";
/** SQLSTATE of a deadlock the server broke by aborting one transaction. */
export const PG_DEADLOCK = "40P01";
/** SQLSTATE of a serialization failure. */
export const PG_SERIALIZATION = "40001";

/** The SQLSTATE of a database error from either engine, or null. */
export function pgErrorCode(err: unknown): string | null {
  if (
    err && typeof err === "object" && "code" in err &&
    typeof err.code === "string"
  ) {
    return err.code;
  }
  return null;
}

/** The constraint a database error names, or null. */
export function pgConstraint(err: unknown): string | null {
  if (err && typeof err === "object") {
    const e = err as { constraint?: unknown; constraint_name?: unknown };
    const name = e.constraint ?? e.constraint_name;
    if (typeof name === "string") return name;
  }
  return null;
}
