// The shape of a message catalogue and the one function that reads it.
import { en } from "@/lib/i18n/en.ts";

/** A message whose words depend on a count: one form per plural category. */
export interface Plural {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** Every key of the catalogue. English is complete; it defines the keys. */
export type MessageKey = keyof typeof en;

/**
 * A catalogue for one language: the same keys as English, a plural message
 * where English has one. A new language is a `Catalogue` (the compiler lists
 * what it lacks) added to CATALOGUES.
 */
export type Catalogue = {
  readonly [K in MessageKey]: (typeof en)[K] extends string ? string : Plural;
};

/** Values for a message's `{placeholders}`; numbers are formatted. */
export type MessageParams = Record<string, string | number>;

// Catalogues by language subtag.
const CATALOGUES: Record<string, Catalogue> = { en };

/** The catalogue of a locale's language (English when there is none). */
export function catalogueFor(locale: string): Catalogue {
  return CATALOGUES[catalogueLanguage(locale)];
}

/** The catalogue language for a locale: its language if there is one, else English. */
export function catalogueLanguage(locale: string): string {
  const language = locale.split("-")[0].toLowerCase();
  return language in CATALOGUES ? language : "en";
}

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(map: Map<string, T>, locale: string, make: () => T): T {
  let value = map.get(locale);
  if (!value) {
    // Locales come from request headers: the caches are bounded.
    if (map.size >= 500) map.clear();
    map.set(locale, value = make());
  }
  return value;
}

// The message's template for a locale and count, placeholders unfilled.
function template(locale: string, key: MessageKey, count: number): string {
  const message: string | Plural = CATALOGUES[catalogueLanguage(locale)][key];
  if (typeof message === "string") return message;
  const rules = cached(pluralRules, locale, () => new Intl.PluralRules(locale));
  return message[rules.select(count)] ?? message.other;
}

function numberFormat(locale: string): Intl.NumberFormat {
  return cached(numberFormats, locale, () => new Intl.NumberFormat(locale));
}

/**
 * The message `key` in the locale's language with `{name}` placeholders
 * filled in. A plural message picks its form by `params.count` with
 * Intl.PluralRules; numbers are written with Intl.NumberFormat.
 */
export function translate(
  locale: string,
  key: MessageKey,
  params: MessageParams = {},
): string {
  const text = template(locale, key, Number(params.count ?? 0));
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number"
      ? numberFormat(locale).format(value)
      : value;
  });
}

/**
 * Like translate(), for a message with markup in it: the text split at its
 * placeholders, each filled with the given node (a `<strong>`, a link).
 * `count` picks the plural form when `{count}` is itself a node.
 */
export function translateParts<T>(
  locale: string,
  key: MessageKey,
  parts: Record<string, T | string | number>,
  count?: number,
): (string | T)[] {
  const text = template(
    locale,
    key,
    count ?? (typeof parts.count === "number" ? parts.count : 0),
  );
  const out: (string | T)[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    const value = parts[m[1]];
    if (value === undefined) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(
      typeof value === "number" ? numberFormat(locale).format(value) : value,
    );
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
