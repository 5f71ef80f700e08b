// The call room's messages for the browser. The room's island must not import
// the catalogue (every message would ship as JavaScript): components/RoomArea.tsx
// renders it with roomTexts(locale) as a prop, and the island fills them with
// lib/i18n/fill.ts.
import { room } from "@/lib/i18n/en/room.ts";
import {
  catalogueFor,
  catalogueLanguage,
  type MessageParams,
} from "@/lib/i18n/messages.ts";
import { type Say, sayer, type Texts } from "@/lib/i18n/fill.ts";

/** A key of the call room's messages ("room.…"). */
export type RoomKey = keyof typeof room;

/** The room's message templates in one language. */
export type RoomTexts = Texts<RoomKey>;

/** The room's message function. */
export type RoomSay = Say<RoomKey>;

/** Takes a room message for the screen reader's live region. */
export type RoomAnnounce = (key: RoomKey, params?: MessageParams) => void;

const made = new Map<string, RoomTexts>();

/** The room's messages (lib/i18n/en/room.ts) in the locale's language, as templates. */
export function roomTexts(locale: string): RoomTexts {
  const language = catalogueLanguage(locale);
  let texts = made.get(language);
  if (!texts) {
    const catalogue = catalogueFor(locale);
    texts = Object.fromEntries(
      Object.keys(room).map((key) => [key, catalogue[key as RoomKey]]),
    ) as RoomTexts;
    made.set(language, texts);
  }
  return texts;
}

/** The room's messages in `locale`, filled as in the browser (tests, server). */
export function roomSay(locale: string): RoomSay {
  return sayer(locale, roomTexts(locale));
}
