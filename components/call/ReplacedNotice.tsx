import type { RoomSay } from "@/lib/i18n/room_texts.ts";

/** Shown in place of the videos after the call moved to another tab. */
export function ReplacedNotice(
  { onTakeBack, say }: { onTakeBack: () => void; say: RoomSay },
) {
  return (
    <div class="flex flex-col items-center gap-4 px-4 py-16 text-center">
      <p class="text-lg">{say("room.replaced.text")}</p>
      <button
        type="button"
        class="min-h-[44px] rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
        onClick={onTakeBack}
      >
        {say("room.replaced.takeBack")}
      </button>
    </div>
  );
}
