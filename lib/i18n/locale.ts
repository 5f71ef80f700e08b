// Which locale a request is served in: the account's own choice, else the
// best match of the browser's Accept-Language, else English.

/** The locale used when nothing better is known: English, 24-hour clock. */
export const DEFAULT_LOCALE = "en-GB";

// A header longer than this is not read at all, and no more entries than
// this are considered: the header is client input.
const MAX_HEADER = 1024;
const MAX_ENTRIES = 24;
const TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
const QUALITY = /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i;

/** One language range of an Accept-Language header and its weight. */
export interface LanguageRange {
  tag: string;
  q: number;
}

/**
 * The language ranges of an Accept-Language header, best first (ties keep
 * the header's order). Malformed entries and `*` are skipped; a malformed
 * or oversized header yields no ranges.
 */
export function parseAcceptLanguage(
  header: string | null | undefined,
): LanguageRange[] {
  if (!header || header.length > MAX_HEADER) return [];
  const ranges: LanguageRange[] = [];
  for (const entry of header.split(",").slice(0, MAX_ENTRIES)) {
    const [rawTag, ...params] = entry.split(";").map((s) => s.trim());
    if (!rawTag || rawTag === "*" || !TAG.test(rawTag)) continue;
    let q = 1;
    let valid = true;
    for (const param of params) {
      const m = QUALITY.exec(param);
      if (m) q = Number(param.slice(2));
      else valid = false;
    }
    if (valid && q > 0) ranges.push({ tag: rawTag, q });
  }
  return ranges
    .map((range, i) => ({ range, i }))
    .sort((a, b) => b.range.q - a.range.q || a.i - b.i)
    .map(({ range }) => range);
}

/**
 * The canonical form of a locale tag the runtime can format dates for, or
 * null (malformed, or no locale data for its language). Only the base name
 * (language, script, region, variants) is kept.
 */
export function supportedLocale(tag: unknown): string | null {
  if (typeof tag !== "string" || tag.length > 64 || !TAG.test(tag)) {
    return null;
  }
  try {
    // Extensions (-u-ca-…, -x-…) are dropped: the locale picks words and
    // formats, not calendars or numbering systems.
    const canonical = new Intl.Locale(tag).baseName;
    // supportedLocalesOf() keeps a tag whose language it knows (with any
    // region); a tag of an unknown language comes back empty.
    const [supported] = Intl.DateTimeFormat.supportedLocalesOf(canonical);
    return supported ? canonical : null;
  } catch {
    return null;
  }
}

/** The best supported locale of an Accept-Language header, or null. */
export function matchAcceptLanguage(
  header: string | null | undefined,
): string | null {
  for (const { tag } of parseAcceptLanguage(header)) {
    const locale = supportedLocale(tag);
    if (locale) return locale;
  }
  return null;
}

/**
 * The locale to serve: the account's setting when it has one, else the
 * browser's preference, else DEFAULT_LOCALE.
 */
export function resolveLocale(
  accountLocale: string | null | undefined,
  acceptLanguage: string | null | undefined,
): string {
  return supportedLocale(accountLocale) ??
    matchAcceptLanguage(acceptLanguage) ??
    DEFAULT_LOCALE;
}

/**
 * The first day of the week in a locale, 1 = Monday … 7 = Sunday, from
 * Intl.Locale's week data (getWeekInfo(), or the older weekInfo property);
 * Monday (ISO 8601) where the runtime has none.
 */
export function firstDayOfWeek(locale: string): number {
  try {
    const l = new Intl.Locale(locale) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    const info = typeof l.getWeekInfo === "function"
      ? l.getWeekInfo()
      : l.weekInfo;
    const day = info?.firstDay;
    return typeof day === "number" && day >= 1 && day <= 7 ? day : 1;
  } catch {
    return 1;
  }
}

const clocks = new Map<string, boolean>();

/** Whether a locale's clock is 12-hour (h11/h12) rather than 24-hour. */
export function usesHour12(locale: string): boolean {
  // Asked for every time formatted, and building a formatter to find out is
  // costly: once per locale (bounded: locales come from request headers).
  let twelve = clocks.get(locale);
  if (twelve === undefined) {
    const { hourCycle, hour12 } = new Intl.DateTimeFormat(locale, {
      hour: "numeric",
    }).resolvedOptions();
    twelve = hourCycle ? hourCycle === "h11" || hourCycle === "h12" : !!hour12;
    if (clocks.size >= 500) clocks.clear();
    clocks.set(locale, twelve);
  }
  return twelve;
}
