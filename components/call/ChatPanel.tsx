// Loaded on demand (components/call/lazy_panels.ts): the room's initial
// JavaScript holds only the chat's state, not its panel.
import { useSignal, useSignalEffect } from "@preact/signals";
import { useRef } from "preact/hooks";
import type { CallController } from "@/lib/call/call.ts";
import { timeFormat } from "@/lib/format.ts";

interface ChatPanelProps {
  call: CallController;
  otherName: string;
  /** The viewer's time zone, for the messages' times. */
  timeZone: string;
  onClose: () => void;
}

/**
 * The chat: a side panel on wide screens, a drawer on phones. Each message
 * has its author and time; an own message says while it is not saved yet
 * and why the server refused it.
 */
export default function ChatPanel(
  { call, otherName, timeZone, onClose }: ChatPanelProps,
) {
  const { locale, say } = call.options;
  const draft = useSignal("");
  const log = useRef<HTMLOListElement>(null);
  const canSend = call.signalState.value === "open" ||
    call.negotiation.connectionState.value === "connected";
  const time = timeFormat(timeZone, locale);
  useSignalEffect(() => {
    // Keep the list scrolled to the newest message.
    call.chat.messages.value;
    queueMicrotask(() => log.current?.scrollTo({ top: 1e9 }));
  });
  return (
    <div class="flex h-full flex-col">
      <div class="flex items-center justify-between border-b border-slate-700 px-4 py-2">
        <h2 class="font-semibold">
          {say("room.chat.heading", { name: otherName })}
        </h2>
        <button
          type="button"
          class="min-h-[44px] rounded-md px-3 text-sm underline"
          onClick={onClose}
        >
          {say("room.chat.close")}
        </button>
      </div>
      <ol
        ref={log}
        id="chat-log"
        class="flex-1 space-y-2 overflow-y-auto px-4 py-3 text-sm"
        aria-label={say("room.chat.messages")}
      >
        {call.chat.messages.value.map((m) => (
          <li
            class={m.from === "me" ? "text-right" : ""}
            data-from={m.from}
            data-state={m.error ? "failed" : m.pending ? "sending" : "saved"}
          >
            <p class="text-xs text-slate-300">
              {m.from === "me" ? say("room.you") : otherName}{" "}
              <time dateTime={new Date(m.at).toISOString()}>
                {time.format(m.at)}
              </time>
              {m.pending && ` · ${say("room.chat.sending")}`}
            </p>
            <p
              class={`inline-block whitespace-pre-line break-words rounded-lg px-3 py-1 text-left ${
                m.from === "me" ? "bg-indigo-700" : "bg-slate-700"
              }`}
            >
              {m.text}
            </p>
            {m.error && (
              <p class="text-xs text-red-300" role="alert">
                {say("room.chat.notSaved", {
                  reason: say(
                    m.error === "rate_limited"
                      ? "room.chat.rateLimited"
                      : "room.chat.failed",
                  ),
                })}
              </p>
            )}
          </li>
        ))}
      </ol>
      <form
        class="flex gap-2 border-t border-slate-700 px-4 py-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (call.sendChat(draft.value)) draft.value = "";
        }}
      >
        <label class="sr-only" for="chat-input">
          {say("room.chat.message")}
        </label>
        <input
          id="chat-input"
          class="min-h-[44px] min-w-0 flex-1 rounded-md border border-slate-600 bg-slate-800 px-3 text-white"
          value={draft.value}
          maxLength={call.chat.maxLength}
          onInput={(e) => (draft.value = (e.target as HTMLInputElement).value)}
          placeholder={say(
            canSend ? "room.chat.placeholder" : "room.chat.notConnected",
          )}
          disabled={!canSend}
          autoComplete="off"
        />
        <button
          type="submit"
          class="min-h-[44px] rounded-md bg-indigo-700 px-4 font-medium text-white disabled:opacity-60"
          disabled={!canSend}
        >
          {say("room.chat.send")}
        </button>
      </form>
    </div>
  );
}
