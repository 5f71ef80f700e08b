import { useSignal, useSignalEffect } from "@preact/signals";
import type { CallController } from "@/lib/call/call.ts";

interface ChatPanelProps {
  call: CallController;
  otherName: string;
}

/** The chat messages and the message box; sending needs a connected call. */
export function ChatPanel({ call, otherName }: ChatPanelProps) {
  const draft = useSignal("");
  const connected = call.negotiation.connectionState.value === "connected";
  useSignalEffect(() => {
    // Keep the list scrolled to the newest message.
    call.chat.messages.value;
    queueMicrotask(() =>
      document.getElementById("chat-log")?.scrollTo({ top: 1e9 })
    );
  });
  return (
    <div class="border-t border-slate-700 px-4 py-3">
      <ol
        id="chat-log"
        class="max-h-48 space-y-1 overflow-y-auto text-sm"
        aria-label="Chat messages"
      >
        {call.chat.messages.value.map((m) => (
          <li class={m.from === "me" ? "text-right" : ""} data-from={m.from}>
            <span
              class={`inline-block rounded-lg px-3 py-1 ${
                m.from === "me" ? "bg-indigo-600" : "bg-slate-700"
              }`}
            >
              <span class="sr-only">
                {m.from === "me" ? "You" : otherName}:
              </span>
              {m.text}
            </span>
          </li>
        ))}
      </ol>
      <form
        class="mt-2 flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (call.sendChat(draft.value)) draft.value = "";
        }}
      >
        <label class="sr-only" for="chat-input">Message</label>
        <input
          id="chat-input"
          class="min-h-[44px] flex-1 rounded-md border border-slate-600 bg-slate-800 px-3 text-white"
          value={draft.value}
          maxLength={call.chat.maxLength}
          onInput={(e) => (draft.value = (e.target as HTMLInputElement).value)}
          placeholder={connected
            ? "Write a message"
            : "Chat opens once you are connected"}
          disabled={!connected}
        />
        <button
          type="submit"
          class="min-h-[44px] rounded-md bg-indigo-600 px-4 font-medium text-white disabled:opacity-60"
          disabled={!connected}
        >
          Send
        </button>
      </form>
    </div>
  );
}
