import type { RoomSay } from "@/lib/i18n/room_texts.ts";

/** Shown to the participant who left: the way back in, or out. */
export function LeftNotice(
  { onRejoin, say }: { onRejoin: () => void; say: RoomSay },
) {
  return (
    <div class="flex flex-col items-center gap-4 px-4 py-16 text-center">
      <p class="text-lg">{say("room.status.left")}</p>
      <div class="flex flex-wrap justify-center gap-3">
        <button
          type="button"
          class="min-h-[44px] rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
          onClick={onRejoin}
        >
          {say("room.left.rejoin")}
        </button>
        <a
          href="/bookings"
          role="button"
          class="inline-flex min-h-[44px] items-center rounded-md border border-slate-400 px-4 py-2 font-medium text-white hover:bg-slate-800"
        >
          {say("room.left.back")}
        </a>
      </div>
    </div>
  );
}
