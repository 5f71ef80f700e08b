// Issue 17's targets for page serving, as ratios to the floor measured in
// the same run, and the medians they are judged on.
import { median } from "./_stats.ts";
import { fmt, type Verdict } from "./_report.ts";

/** One round's measurement of one row. */
export interface RoundMeasure {
  /** req/s at 50 connections. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** p99 of the run at 10 connections. */
  p99At10Ms: number;
  requests: number;
  /** Server process CPU (user + system) per request, ms. */
  serverCpuMs: number;
  /** CPU of the server's PostgreSQL backends per request, ms; null if not counted. */
  postgresCpuMs: number | null;
  /** How many backends were found. */
  backends: number;
}

/** The median of each figure over the rounds. */
export interface PageMedians {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  p99At10Ms: number;
  serverCpuMs: number;
  postgresCpuMs: number | null;
}

/** Medians over rounds (PostgreSQL time over the rounds that counted it). */
export function rowMedians(rounds: RoundMeasure[]): PageMedians {
  const pg = rounds.map((r) => r.postgresCpuMs).filter((v) =>
    v !== null && !Number.isNaN(v)
  ) as number[];
  // Rounds that completed nothing have NaN figures: left out of the median.
  const of = (values: number[]) => median(values.filter(Number.isFinite));
  return {
    rps: of(rounds.map((r) => r.rps)),
    p50Ms: of(rounds.map((r) => r.p50Ms)),
    p99Ms: of(rounds.map((r) => r.p99Ms)),
    p99At10Ms: of(rounds.map((r) => r.p99At10Ms)),
    serverCpuMs: of(rounds.map((r) => r.serverCpuMs)),
    postgresCpuMs: pg.length ? median(pg) : null,
  };
}

/** Most CPU per request the booking page may take (ms). */
export const DETAIL_CPU_LIMIT_MS = 0.55;
/** Least share of the floor's req/s for the booking page. */
export const DETAIL_FLOOR_SHARE = 0.6;
/** Least share of the floor's req/s for the booking list. */
export const LIST_FLOOR_SHARE = 0.5;
/** Most p99 at 10 connections, as a multiple of the floor's. */
export const P99_FLOOR_MULTIPLE = 2;

/**
 * The targets of issue 17 for one Talkroom version: the booking page
 * (`detail`) and the list (`list`) against the `floor`.
 */
export function pageVerdicts(
  m: { floor: PageMedians; detail: PageMedians; list: PageMedians },
): Verdict[] {
  return rawVerdicts(m).map((v) =>
    v.measurable ? v.verdict : {
      ...v.verdict,
      met: false,
      margin: "not measured: a run completed no requests",
    }
  );
}

/** A positive, finite figure (a run that completed requests). */
function measured(...values: (number | null)[]): boolean {
  return values.every((v) => v !== null && Number.isFinite(v) && v > 0);
}

function rawVerdicts(
  m: { floor: PageMedians; detail: PageMedians; list: PageMedians },
): { verdict: Verdict; measurable: boolean }[] {
  const { floor, detail, list } = m;
  const out: { verdict: Verdict; measurable: boolean }[] = [];
  const share = (x: PageMedians) => x.rps / floor.rps;
  const x = (v: number) => `${fmt(v, 2)}×`;
  const verdicts = {
    push(verdict: Verdict, measurable: boolean) {
      out.push({ verdict, measurable });
    },
  };
  const rpsVerdict = (name: string, page: PageMedians, least: number) => {
    const s = share(page);
    verdicts.push({
      target: `${name} req/s at 50 connections ≥ ${least} × the floor's`,
      measured: `${x(s)} (${fmt(page.rps)} vs ${fmt(floor.rps)} req/s)`,
      met: s >= least,
      margin: s >= least
        ? `${fmt((s / least - 1) * 100, 0)} % over`
        : `needs ${x(least / s)} the req/s`,
    }, measured(page.rps, floor.rps));
  };
  rpsVerdict("/bookings/:id", detail, DETAIL_FLOOR_SHARE);
  verdicts.push({
    target: `/bookings/:id server CPU per request ≤ ${DETAIL_CPU_LIMIT_MS} ms`,
    measured: `${fmt(detail.serverCpuMs, 3)} ms (floor ${
      fmt(floor.serverCpuMs, 3)
    } ms)`,
    met: detail.serverCpuMs <= DETAIL_CPU_LIMIT_MS,
    margin: detail.serverCpuMs <= DETAIL_CPU_LIMIT_MS
      ? `${fmt(DETAIL_CPU_LIMIT_MS - detail.serverCpuMs, 3)} ms under`
      : `${x(detail.serverCpuMs / DETAIL_CPU_LIMIT_MS)} the limit`,
  }, measured(detail.serverCpuMs));
  rpsVerdict("/bookings", list, LIST_FLOOR_SHARE);
  if (detail.postgresCpuMs !== null && list.postgresCpuMs !== null) {
    const r = list.postgresCpuMs / detail.postgresCpuMs;
    verdicts.push({
      target: "/bookings PostgreSQL time per request ≤ /bookings/:id's",
      measured: `${fmt(list.postgresCpuMs, 3)} vs ${
        fmt(detail.postgresCpuMs, 3)
      } ms (${x(r)})`,
      met: r <= 1,
      margin: r <= 1
        ? `${fmt((1 - r) * 100, 0)} % under`
        : `${fmt((r - 1) * 100, 0)} % over`,
    }, measured(list.postgresCpuMs, detail.postgresCpuMs));
  }
  for (
    const [name, page] of [["/bookings/:id", detail], [
      "/bookings",
      list,
    ]] as const
  ) {
    const r = page.p99At10Ms / floor.p99At10Ms;
    verdicts.push({
      target:
        `${name} p99 at 10 connections ≤ ${P99_FLOOR_MULTIPLE} × the floor's`,
      measured: `${x(r)} (${fmt(page.p99At10Ms, 2)} vs ${
        fmt(floor.p99At10Ms, 2)
      } ms)`,
      met: r <= P99_FLOOR_MULTIPLE,
      margin: r <= P99_FLOOR_MULTIPLE
        ? `${
          fmt((P99_FLOOR_MULTIPLE - r) / P99_FLOOR_MULTIPLE * 100, 0)
        } % under`
        : `${x(r / P99_FLOOR_MULTIPLE)} the limit`,
    }, measured(page.p99At10Ms, floor.p99At10Ms));
  }
  return out;
}
