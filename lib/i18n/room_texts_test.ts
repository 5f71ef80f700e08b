import assert from "node:assert/strict";
import { room } from "@/lib/i18n/en/room.ts";
import { translate } from "@/lib/i18n/messages.ts";
import { type RoomKey, roomSay, roomTexts } from "@/lib/i18n/room_texts.ts";

const LOCALES = ["en-GB", "en-US", "de-DE", "fr-FR", "ar-EG", "pl-PL"];

Deno.test("the room's texts are every room message, filled in the browser as translate() fills them", () => {
  for (const locale of LOCALES) {
    const texts = roomTexts(locale);
    assert.deepEqual(Object.keys(texts).sort(), Object.keys(room).sort());
    const say = roomSay(locale);
    for (const key of Object.keys(room) as RoomKey[]) {
      for (const count of [0, 1, 2, 5, 22, 1500]) {
        const params = {
          count,
          name: "Tess",
          page: 3,
          pages: 10,
          when: "at 18:20",
          time: "18:20",
        };
        assert.equal(
          say(key, params),
          translate(locale, key, params),
          `${locale} ${key}`,
        );
      }
    }
  }
});

Deno.test("the room's texts are plain data, ready to be an island's prop", () => {
  const texts = roomTexts("en-GB");
  assert.deepEqual(JSON.parse(JSON.stringify(texts)), texts);
  assert.equal(roomTexts("en-US"), texts, "made once per language");
});
