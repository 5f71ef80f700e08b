// A request's locale as pages use it: messages (t), rich messages (parts)
// and dates, all in one object handed down a Preact context from the layout.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import {
  type MessageKey,
  type MessageParams,
  translate,
  translateParts,
} from "@/lib/i18n/messages.ts";
import {
  DEFAULT_LOCALE,
  firstDayOfWeek,
  usesHour12,
} from "@/lib/i18n/locale.ts";
import {
  formatDate,
  formatDateTime,
  formatRange,
  formatTime,
} from "@/lib/format.ts";

/** Everything a page needs to speak the viewer's locale. */
export interface I18n {
  locale: string;
  /** 1 = Monday … 7 = Sunday. */
  firstDay: number;
  hour12: boolean;
  t(key: MessageKey, params?: MessageParams): string;
  parts<T>(
    key: MessageKey,
    parts: Record<string, T | string | number>,
    count?: number,
  ): (string | T)[];
  dateTime(date: Date, timeZone: string): string;
  date(date: Date, timeZone: string): string;
  time(date: Date, timeZone: string): string;
  range(start: Date, end: Date, timeZone: string): string;
}

const made = new Map<string, I18n>();

/** The (cached) I18n of a locale that supportedLocale() accepted. */
export function i18nFor(locale: string): I18n {
  let i18n = made.get(locale);
  if (!i18n) {
    // Locales come from request headers: the cache is bounded.
    if (made.size >= 500) made.clear();
    i18n = {
      locale,
      firstDay: firstDayOfWeek(locale),
      hour12: usesHour12(locale),
      t: (key, params) => translate(locale, key, params),
      parts: (key, parts, count) => translateParts(locale, key, parts, count),
      dateTime: (d, tz) => formatDateTime(d, tz, locale),
      date: (d, tz) => formatDate(d, tz, locale),
      time: (d, tz) => formatTime(d, tz, locale),
      range: (s, e, tz) => formatRange(s, e, tz, locale),
    };
    made.set(locale, i18n);
  }
  return i18n;
}

/** The context routes/_layout.tsx fills with the request's I18n. */
export const I18nContext = createContext<I18n>(i18nFor(DEFAULT_LOCALE));

/** The I18n of the page being rendered. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
