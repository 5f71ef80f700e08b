// The room's messages inside the island: CallRoom provides them (built from
// the texts the server rendered into its props, lib/i18n/room_texts.ts), every
// component of the room reads them here. No catalogue reaches the browser.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { RoomSay } from "@/lib/i18n/room_texts.ts";

/** The viewer's language in the room. */
export interface RoomWords {
  /** The viewer's locale, for dates and times (Intl). */
  locale: string;
  say: RoomSay;
}

export const RoomWordsContext = createContext<RoomWords>({
  locale: "en-GB",
  say: (key) => key,
});

/** The room's messages and locale. */
export function useRoomWords(): RoomWords {
  return useContext(RoomWordsContext);
}
