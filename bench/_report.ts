// Tables printed to the terminal and as Markdown, and the JSON result files.
import { ROOT_DIR } from "./_proc.ts";

/** One table of a benchmark's results. */
export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

/** A target of the issue and how the measurement compares with it. */
export interface Verdict {
  target: string;
  measured: string;
  met: boolean;
  /** How far it is beaten or missed, in words. */
  margin: string;
}

/** What a benchmark hands back to the runner. */
export interface BenchResult {
  name: string;
  tables: Table[];
  verdicts: Verdict[];
  /** Everything measured, for the JSON file. */
  data: unknown;
  /** The machine's busy share before each measurement (set by the runner). */
  background?: number[];
}

/** Formats a number for a table cell: thousands separators, fixed decimals. */
export function fmt(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

function cell(value: string | number): string {
  return typeof value === "number" ? fmt(value, value % 1 ? 2 : 0) : value;
}

/** A table as aligned plain text. */
export function textTable(table: Table): string {
  const rows = [table.columns, ...table.rows.map((r) => r.map(cell))];
  const widths = table.columns.map((_, i) =>
    Math.max(...rows.map((r) => String(r[i] ?? "").length))
  );
  const line = (r: (string | number)[]) =>
    r.map((c, i) => {
      const text = String(c ?? "");
      return i === 0 ? text.padEnd(widths[i]) : text.padStart(widths[i]);
    }).join("  ");
  return [
    `== ${table.title}`,
    line(rows[0]),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(1).map(line),
    ...(table.notes ?? []).map((n) => `   ${n}`),
  ].join("\n");
}

/** A table as GitHub Markdown. */
export function markdownTable(table: Table): string {
  const esc = (s: string) => s.replaceAll("|", "\\|");
  const rows = table.rows.map((r) => r.map(cell));
  return [
    `**${table.title}**`,
    "",
    `| ${table.columns.map(esc).join(" | ")} |`,
    `| ${
      table.columns.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")
    } |`,
    ...rows.map((r) => `| ${r.map((c) => esc(String(c))).join(" | ")} |`),
    ...(table.notes?.length ? ["", ...table.notes.map((n) => `- ${n}`)] : []),
  ].join("\n");
}

/** The verdicts as a table. */
export function verdictTable(verdicts: Verdict[]): Table {
  return {
    title: "Targets",
    columns: ["target", "measured", "verdict", "margin"],
    rows: verdicts.map((
      v,
    ) => [v.target, v.measured, v.met ? "met" : "MISSED", v.margin]),
  };
}

/** Folder of the JSON results (gitignored). */
export const RESULTS_DIR = `${ROOT_DIR}/bench/results`;

/** Writes `bench/results/<name>.json`. */
export async function writeResult(
  name: string,
  content: unknown,
): Promise<string> {
  await Deno.mkdir(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}/${name}.json`;
  await Deno.writeTextFile(path, JSON.stringify(content, null, 2) + "\n");
  return path;
}
