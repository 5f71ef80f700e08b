// A read as a value: a SELECT, its parameters and how its rows become what
// the caller wants. run() sends one read; runAll() sends several as ONE
// statement, each read's rows as a JSON array: a page that needs ten small
// reads pays one round trip, one socket write and one backend wake-up instead
// of ten (on loopback the write was a quarter of the booking page's CPU;
// docs/BENCHMARKS.md, issue 17).
import type { Queryable } from "@/lib/db/connection.ts";

/** A database row as a read's decoder gets it. */
export type Row = Record<string, unknown>;

/** One SELECT and the decoding of its rows. */
export interface Read<T> {
  /**
   * The SELECT, with `$1…` parameters; an ORDER BY only with a LIMIT (a
   * read's order otherwise goes in `orderBy`, which runAll() keeps).
   */
  readonly text: string;
  readonly params: readonly unknown[];
  /** The order of the rows: an ORDER BY list over the SELECT's output columns. */
  readonly orderBy?: string;
  /**
   * The value of the rows. Rows that came through runAll() are JSON:
   * timestamps arrive as ISO strings and bigints as numbers, so a decoder
   * makes its own Dates (toDate) rather than trusting the driver's types.
   */
  decode(rows: Row[]): T;
}

/** The value a read decodes to. */
export type ReadValue<R> = R extends Read<infer T> ? T : never;

/** A timestamp column as a Date, from the driver's Date or JSON's string. */
export function toDate(value: unknown): Date {
  return new Date(value as string | Date);
}

/** A nullable timestamp column as a Date or null. */
export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** Runs one read. */
export async function run<T>(db: Queryable, read: Read<T>): Promise<T> {
  const order = read.orderBy ? ` ORDER BY ${read.orderBy}` : "";
  return read.decode(await db.query<Row>(read.text + order, [...read.params]));
}

// The i-th read as one JSON array column, its parameters renumbered after
// those of the reads before it. Read texts hold no `$` but their parameters.
function column(read: Read<unknown>, i: number, offset: number): string {
  const text = read.text.replace(
    /\$(\d+)/g,
    (_, n: string) => `$${Number(n) + offset}`,
  );
  const order = read.orderBy
    ? ` ORDER BY ${read.orderBy.replace(/(^|,)\s*/g, "$1r.")}`
    : "";
  return `(SELECT coalesce(json_agg(row_to_json(r)${order}), '[]'::json)
    FROM (${text}) r) AS r${i}`;
}

/**
 * Runs several reads in one statement (one round trip) and returns their
 * values in order. Each read sees the same snapshot.
 */
export async function runAll<const R extends readonly Read<unknown>[]>(
  db: Queryable,
  reads: R,
): Promise<{ -readonly [K in keyof R]: ReadValue<R[K]> }> {
  const params: unknown[] = [];
  const columns = reads.map((read, i) => {
    const sql = column(read, i, params.length);
    params.push(...read.params);
    return sql;
  });
  const [row] = await db.query<Row>(`SELECT ${columns.join(",\n")}`, params);
  return reads.map((read, i) => read.decode(row[`r${i}`] as Row[])) as {
    -readonly [K in keyof R]: ReadValue<R[K]>;
  };
}
