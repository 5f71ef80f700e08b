// The formats the account page offers. Any supported tag would work; a short
// list named in words is easier to choose from than every locale there is.
import { formatTime } from "@/lib/format.ts";
import { firstDayOfWeek } from "@/lib/i18n/locale.ts";
import { translate } from "@/lib/i18n/messages.ts";

/** The locale tags a user can pick on the account page. */
export const LOCALE_CHOICES = [
  "en-GB",
  "en-US",
  "en-AU",
  "en-CA",
  "en-IN",
  "de-DE",
  "es-ES",
  "fr-FR",
  "it-IT",
  "nl-NL",
  "pt-BR",
  "pl-PL",
  "ja-JP",
] as const;

/** A locale choice as the page shows it. */
export interface LocaleChoice {
  tag: string;
  /** The locale's name in the viewer's locale, e.g. "English (United States)". */
  name: string;
  /** A sample: a time and the weekday weeks start on, e.g. "6:30 PM, weeks start on Sunday". */
  example: string;
}

const SAMPLE = new Date(Date.UTC(2026, 0, 1, 18, 30));

/** A sample of a locale's format, written in the viewer's locale. */
export function localeExample(tag: string, viewer: string): string {
  const day = firstDayOfWeek(tag);
  // 2026-01-05 is a Monday: day d of the week is 5 January + (d - 1).
  const weekday = new Intl.DateTimeFormat(viewer, {
    weekday: "long",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(2026, 0, 4 + day)));
  return translate(viewer, "locale.example", {
    time: formatTime(SAMPLE, "UTC", tag),
    weekday,
  });
}

/** The choices, named with Intl.DisplayNames in the viewer's locale. */
export function localeChoices(viewer: string): LocaleChoice[] {
  const names = new Intl.DisplayNames(viewer, { type: "language" });
  return LOCALE_CHOICES.map((tag) => ({
    tag,
    name: names.of(tag) ?? tag,
    example: localeExample(tag, viewer),
  }));
}
