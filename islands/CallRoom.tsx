import { useComputed, useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useLayoutEffect, useMemo, useRef } from "preact/hooks";
import type { JSX } from "preact";
import { IS_BROWSER } from "$fresh/runtime.ts";
import { CallController } from "@/lib/call/call.ts";
import type { IceConfiguration } from "@/lib/signaling/ice.ts";

interface CallRoomProps {
  bookingId: string;
  me: { id: string; username: string };
  other: { id: string; username: string };
  polite: boolean;
  /** Lesson start and end, ISO. */
  startAt: string;
  endAt: string;
  ice?: IceConfiguration | null;
}

const ICONS = {
  mic:
    "M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2z",
  micOff:
    "M19 11h-1.7c0 .74-.16 1.43-.43 2.05l1.23 1.23c.56-.98.9-2.09.9-3.28zM15 11.16L9 5.18V5a3 3 0 0 1 6 0v6.16zM4.27 3L3 4.27l6 6V11a3 3 0 0 0 4.5 2.6l1.1 1.1A5 5 0 0 1 7 11H5a7 7 0 0 0 6 6.92V21h2v-3.08c.91-.13 1.77-.45 2.54-.9L19.73 21 21 19.73 4.27 3z",
  cam:
    "M17 10.5V7a1 1 0 0 0-1-1H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3.5l4 4v-11l-4 4z",
  camOff:
    "M21 6.5l-4 4V7a1 1 0 0 0-1-1H9.82L21 17.18V6.5zM3.27 2L2 3.27 4.73 6H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12c.21 0 .39-.08.54-.18L19.73 21 21 19.73 3.27 2z",
  screen:
    "M20 18a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2H0v2h24v-2h-4zM4 6h16v10H4V6z",
  chat: "M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z",
  gear:
    "M19.14 12.94a7.07 7.07 0 0 0 0-1.88l2.03-1.58a.49.49 0 0 0 .12-.61l-1.92-3.32a.49.49 0 0 0-.59-.22l-2.39.96a7.03 7.03 0 0 0-1.62-.94l-.36-2.54A.48.48 0 0 0 14 2h-4a.48.48 0 0 0-.47.41l-.36 2.54c-.59.24-1.13.56-1.62.94l-2.39-.96a.49.49 0 0 0-.59.22L2.65 8.47a.48.48 0 0 0 .12.61l2.03 1.58a7.07 7.07 0 0 0 0 1.88l-2.03 1.58a.49.49 0 0 0-.12.61l1.92 3.32c.12.22.38.3.59.22l2.39-.96c.5.38 1.03.7 1.62.94l.36 2.54c.05.24.25.41.48.41h4c.24 0 .44-.17.47-.41l.36-2.54c.59-.24 1.13-.56 1.62-.94l2.39.96c.22.08.47 0 .59-.22l1.92-3.32a.49.49 0 0 0-.12-.61l-2.01-1.58zM12 15.6A3.6 3.6 0 1 1 12 8.4a3.6 3.6 0 0 1 0 7.2z",
  leave:
    "M12 9c-1.6 0-3.15.25-4.6.72v3.1c0 .39-.23.74-.56.9-.98.49-1.87 1.12-2.66 1.85a.99.99 0 0 1-1.41-.01L.29 13.08a.99.99 0 0 1 0-1.41C3.34 8.78 7.46 7 12 7s8.66 1.78 11.71 4.67a1 1 0 0 1 0 1.41l-2.48 2.48a1 1 0 0 1-1.41.01c-.79-.74-1.69-1.36-2.67-1.85a1 1 0 0 1-.56-.9v-3.1C15.15 9.25 13.6 9 12 9z",
};

function Icon({ d }: { d: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="20"
      height="20"
      aria-hidden="true"
      fill="currentColor"
    >
      <path d={d} />
    </svg>
  );
}

function minutes(ms: number): number {
  return Math.max(0, Math.round(ms / 60_000));
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}

/** Attaches a stream to a video element (srcObject has no attribute form). */
function useStream(stream: MediaStream | null, onPlayBlocked?: () => void) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (stream) video.play().catch(() => onPlayBlocked?.());
  }, [stream]);
  return ref;
}

/**
 * The video call of one booking. The server renders a placeholder with the
 * same hooks; the call itself only exists in the browser.
 */
export default function CallRoom(props: CallRoomProps) {
  if (!IS_BROWSER) {
    return (
      <section
        id="call-room"
        class="overflow-hidden rounded-xl bg-slate-900 px-4 py-16 text-center text-white shadow-lg"
        aria-label={`Call with ${props.other.username}`}
        data-call-state="new"
        data-signal-state="connecting"
      >
        <p data-role="status">Starting your camera and microphone…</p>
      </section>
    );
  }
  return <LiveCallRoom {...props} />;
}

function LiveCallRoom(props: CallRoomProps) {
  const call = useMemo(
    () =>
      new CallController({
        bookingId: props.bookingId,
        me: props.me,
        other: props.other,
        polite: props.polite,
        ice: props.ice,
      }),
    [props.bookingId],
  );
  const now = useSignal(Date.now());
  const soundBlocked = useSignal(false);
  const settingsOpen = useSignal(false);
  const detailsOpen = useSignal(false);
  const chatDraft = useSignal("");

  // Before the first paint: the camera and the socket take long enough.
  useLayoutEffect(() => {
    void call.start().catch((err) => {
      console.error("Starting the call failed", err);
      call.mediaProblem.value =
        "The call could not start. Reload the page to try again.";
    });
    const tick = setInterval(() => (now.value = Date.now()), 1000);
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (
        e.ctrlKey || e.metaKey || e.altKey ||
        target?.closest("input, textarea, select")
      ) return;
      if (e.key === "m" || e.key === "M") call.toggleMic();
      if (e.key === "v" || e.key === "V") call.toggleCamera();
    };
    addEventListener("keydown", onKey);
    const onUnload = () => call.leave();
    addEventListener("pagehide", onUnload);
    return () => {
      clearInterval(tick);
      removeEventListener("keydown", onKey);
      removeEventListener("pagehide", onUnload);
      call.dispose();
    };
  }, [call]);

  // While sharing, the own tile shows what the other side sees.
  const localRef = useStream(call.screenStream.value ?? call.localStream.value);
  const remoteRef = useStream(
    call.remoteStream.value,
    () => (soundBlocked.value = true),
  );

  const start = Date.parse(props.startAt);
  const end = Date.parse(props.endAt);
  const remaining = end - now.value;
  const connected = call.connectionState.value === "connected";
  const stopped = call.stopped.value;

  const status = useComputed(() => {
    const other = props.other.username;
    if (call.stopped.value === "replaced") return "Joined from another tab";
    if (call.stopped.value === "session-ended") {
      return "Your session has ended. Sign in again to rejoin.";
    }
    if (call.stopped.value === "room-closed") return "The room has closed";
    if (call.stopped.value === "left") return "You left the call";
    if (!call.started.value) return "Starting your camera and microphone…";
    if (call.connectionState.value === "connected") {
      return call.reconnecting.value
        ? `Connected to ${other} (signaling reconnecting…)`
        : `Connected to ${other}`;
    }
    if (!call.peerPresent.value) {
      const late = now.value - start;
      return late > 60_000
        ? `Waiting for ${other}: ${minutes(late)} minutes late`
        : `Waiting for ${other}`;
    }
    if (
      call.connectionState.value === "disconnected" ||
      call.connectionState.value === "failed"
    ) {
      return `Reconnecting to ${other}…`;
    }
    return `Connecting to ${other}…`;
  });

  useSignalEffect(() => {
    // Keep the chat list scrolled to the newest message.
    call.messages.value;
    queueMicrotask(() =>
      document.getElementById("chat-log")?.scrollTo({ top: 1e9 })
    );
  });

  const quality = call.stats.value;
  const qualityLevel = !connected || !quality
    ? "unknown"
    : (quality.rttMs ?? 0) > 400 || (quality.lossPercent ?? 0) > 5
    ? "poor"
    : (quality.rttMs ?? 0) > 150 || (quality.lossPercent ?? 0) > 1
    ? "fair"
    : "good";

  const button = (
    label: string,
    icon: string,
    onClick: () => void,
    opts: {
      pressed?: boolean;
      danger?: boolean;
      disabled?: boolean;
      extra?: JSX.Element | null;
    } = {},
  ) => (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={opts.pressed}
      disabled={opts.disabled}
      onClick={onClick}
      class={`relative inline-flex min-h-[44px] items-center gap-2 rounded-full px-4 py-2 text-sm font-medium focus:outline-none focus:ring-2 focus:ring-indigo-400 disabled:opacity-40 ${
        opts.danger
          ? "bg-red-600 text-white hover:bg-red-700"
          : opts.pressed
          ? "bg-slate-100 text-slate-900"
          : "bg-slate-700 text-white hover:bg-slate-600"
      }`}
    >
      <Icon d={icon} />
      <span class="hidden sm:inline">{label}</span>
      {opts.extra}
    </button>
  );

  return (
    <section
      id="call-room"
      class="overflow-hidden rounded-xl bg-slate-900 text-white shadow-lg"
      aria-label={`Call with ${props.other.username}`}
      data-call-state={call.connectionState.value}
      data-signal-state={call.signalState.value}
      data-path={connected && call.path.value ? call.path.value : undefined}
    >
      <div class="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
        <p class="font-medium" data-role="status">{status.value}</p>
        <div class="flex items-center gap-3 text-slate-300">
          {connected && (
            <button
              type="button"
              class="inline-flex items-center gap-1 rounded px-1 hover:text-white"
              aria-expanded={detailsOpen.value}
              onClick={() => (detailsOpen.value = !detailsOpen.value)}
              data-quality={qualityLevel}
            >
              <span
                class={`inline-block h-2.5 w-2.5 rounded-full ${
                  qualityLevel === "good"
                    ? "bg-emerald-400"
                    : qualityLevel === "fair"
                    ? "bg-amber-400"
                    : "bg-red-500"
                }`}
                aria-hidden="true"
              />
              Connection {qualityLevel}
            </button>
          )}
          <span aria-label="Call time" data-role="timer">
            {now.value >= start
              ? clock(now.value - start)
              : `Starts in ${clock(start - now.value)}`}
          </span>
          {remaining > 0 && remaining <= 5 * 60_000 && (
            <span
              class="rounded bg-amber-500 px-2 py-0.5 font-semibold text-slate-900"
              data-role="countdown"
            >
              Ends in {clock(remaining)}
            </span>
          )}
        </div>
      </div>

      {detailsOpen.value && quality && (
        <dl class="grid grid-cols-2 gap-x-4 gap-y-1 px-4 pb-3 text-xs text-slate-300 sm:grid-cols-5">
          <div>
            <dt class="inline">Round trip:</dt>{" "}
            <dd class="inline">{quality.rttMs ?? "–"} ms</dd>
          </div>
          <div>
            <dt class="inline">Packet loss:</dt>{" "}
            <dd class="inline">{quality.lossPercent ?? "–"} %</dd>
          </div>
          <div>
            <dt class="inline">Receiving:</dt>{" "}
            <dd class="inline">{quality.inboundKbps ?? "–"} kbit/s</dd>
          </div>
          <div>
            <dt class="inline">Sending:</dt>{" "}
            <dd class="inline">{quality.outboundKbps ?? "–"} kbit/s</dd>
          </div>
          <div>
            <dt class="inline">Path:</dt>{" "}
            <dd class="inline">
              {quality.path === "relay"
                ? "relayed (TURN)"
                : quality.path === "direct"
                ? "direct"
                : "–"}
            </dd>
          </div>
        </dl>
      )}

      {call.connectionProblem.value && !stopped && (
        <p
          role="status"
          class="mx-4 mb-3 rounded-md bg-amber-100 px-3 py-2 text-sm text-amber-900"
        >
          {call.connectionProblem.value}
        </p>
      )}

      {call.mediaProblem.value && (
        <p
          role="alert"
          class="mx-4 mb-3 rounded-md bg-amber-100 px-3 py-2 text-sm text-amber-900"
        >
          {call.mediaProblem.value}
        </p>
      )}

      {stopped === "replaced"
        ? (
          <div class="flex flex-col items-center gap-4 px-4 py-16 text-center">
            <p class="text-lg">
              You joined this call from another tab or device.
            </p>
            <button
              type="button"
              class="min-h-[44px] rounded-md bg-indigo-500 px-4 py-2 font-medium text-white hover:bg-indigo-400"
              onClick={() => void call.takeBack()}
            >
              Take the call back here
            </button>
          </div>
        )
        : (
          <div class="relative grid gap-2 p-2 md:grid-cols-2">
            <figure
              class="relative aspect-video overflow-hidden rounded-lg bg-slate-800"
              data-remote-muted={String(call.peerMuted.value)}
              data-remote-video-off={String(call.peerVideoOff.value)}
            >
              <video
                data-role="remote"
                ref={remoteRef}
                autoplay
                playsInline
                class={`h-full w-full object-cover ${
                  call.peerVideoOff.value || !connected ? "invisible" : ""
                }`}
              />
              {(call.peerVideoOff.value || !connected) && (
                <div class="absolute inset-0 flex items-center justify-center text-4xl font-semibold text-slate-400">
                  {props.other.username.slice(0, 1).toUpperCase()}
                </div>
              )}
              <figcaption class="absolute bottom-2 left-2 flex items-center gap-1 rounded bg-black/60 px-2 py-0.5 text-sm">
                {props.other.username}
                {call.peerMuted.value && (
                  <span class="inline-flex items-center gap-1 text-red-300">
                    <Icon d={ICONS.micOff} />
                    <span class="sr-only">microphone muted</span>
                  </span>
                )}
                {call.peerVideoOff.value && (
                  <span class="text-slate-300">(camera off)</span>
                )}
              </figcaption>
              {soundBlocked.value && (
                <button
                  type="button"
                  class="absolute right-2 top-2 rounded bg-indigo-500 px-3 py-1 text-sm"
                  onClick={() => {
                    soundBlocked.value = false;
                    void remoteRef.current?.play();
                  }}
                >
                  Turn on sound
                </button>
              )}
            </figure>
            <figure class="absolute bottom-4 right-4 w-1/3 max-w-[180px] overflow-hidden rounded-lg border border-slate-600 bg-slate-800 shadow-lg md:relative md:bottom-auto md:right-auto md:w-auto md:max-w-none md:border-0 md:shadow-none aspect-video">
              <video
                data-role="local"
                ref={localRef}
                autoplay
                playsInline
                muted
                class={`h-full w-full object-cover ${
                  call.sharing.value ? "" : "scale-x-[-1]"
                } ${
                  call.cameraOff.value && !call.sharing.value ? "invisible" : ""
                }`}
              />
              <figcaption class="absolute bottom-2 left-2 flex items-center gap-2 rounded bg-black/60 px-2 py-0.5 text-xs sm:text-sm">
                You{call.sharing.value ? " (sharing screen)" : ""}
                {call.hasAudio.value && !call.micMuted.value && (
                  <span
                    class="inline-block h-2 w-10 overflow-hidden rounded bg-slate-600"
                    aria-hidden="true"
                  >
                    <span
                      class="block h-full bg-emerald-400"
                      style={{
                        width: `${Math.round(call.micLevel.value * 100)}%`,
                      }}
                    />
                  </span>
                )}
              </figcaption>
            </figure>
          </div>
        )}

      {!stopped && (
        <div class="flex flex-wrap items-center justify-center gap-2 border-t border-slate-700 px-2 py-3">
          {button(
            call.micMuted.value ? "Unmute microphone" : "Mute microphone",
            call.micMuted.value ? ICONS.micOff : ICONS.mic,
            () => call.toggleMic(),
            { pressed: call.micMuted.value, disabled: !call.hasAudio.value },
          )}
          {button(
            call.cameraOff.value ? "Turn camera on" : "Turn camera off",
            call.cameraOff.value ? ICONS.camOff : ICONS.cam,
            () => call.toggleCamera(),
            { pressed: call.cameraOff.value, disabled: !call.hasVideo.value },
          )}
          {button("Share screen", ICONS.screen, () => void call.shareScreen(), {
            pressed: call.sharing.value,
            disabled: !connected || !navigator.mediaDevices?.getDisplayMedia,
          })}
          {button("Chat", ICONS.chat, () =>
            call.setChatOpen(!call.chatOpen.value), {
            pressed: call.chatOpen.value,
            extra: call.unread.value > 0
              ? (
                <span
                  class="absolute -right-1 -top-1 rounded-full bg-red-500 px-1.5 text-xs font-bold"
                  data-role="unread"
                >
                  {call.unread.value}
                  <span class="sr-only">unread messages</span>
                </span>
              )
              : null,
          })}
          {button(
            "Settings",
            ICONS.gear,
            () => (settingsOpen.value = !settingsOpen.value),
            {
              pressed: settingsOpen.value,
            },
          )}
          {button("Leave call", ICONS.leave, () =>
            call.leave(), { danger: true })}
        </div>
      )}

      {!stopped && settingsOpen.value && (
        <div class="grid gap-3 border-t border-slate-700 px-4 py-3 text-sm sm:grid-cols-3">
          <DevicePicker
            label="Camera"
            devices={call.devices.value.cameras}
            onChange={(id) => void call.switchDevice("videoinput", id)}
          />
          <DevicePicker
            label="Microphone"
            devices={call.devices.value.microphones}
            onChange={(id) => void call.switchDevice("audioinput", id)}
          />
          <DevicePicker
            label="Speaker"
            devices={call.devices.value.speakers}
            onChange={(id) => {
              const video = remoteRef.current as
                | (HTMLVideoElement & { setSinkId?(id: string): Promise<void> })
                | null;
              void video?.setSinkId?.(id).catch(
                () => (call.mediaProblem.value = "This speaker cannot be used"),
              );
            }}
          />
        </div>
      )}

      {!stopped && call.chatOpen.value && (
        <div class="border-t border-slate-700 px-4 py-3">
          <ol
            id="chat-log"
            class="max-h-48 space-y-1 overflow-y-auto text-sm"
            aria-label="Chat messages"
          >
            {call.messages.value.map((m) => (
              <li
                class={m.from === "me" ? "text-right" : ""}
                data-from={m.from}
              >
                <span
                  class={`inline-block rounded-lg px-3 py-1 ${
                    m.from === "me" ? "bg-indigo-600" : "bg-slate-700"
                  }`}
                >
                  <span class="sr-only">
                    {m.from === "me" ? "You" : props.other.username}:
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
              if (call.sendChat(chatDraft.value)) chatDraft.value = "";
            }}
          >
            <label class="sr-only" for="chat-input">Message</label>
            <input
              id="chat-input"
              class="min-h-[44px] flex-1 rounded-md border border-slate-600 bg-slate-800 px-3 text-white"
              value={chatDraft.value}
              maxLength={2000}
              onInput={(
                e,
              ) => (chatDraft.value = (e.target as HTMLInputElement).value)}
              placeholder={connected
                ? "Write a message"
                : "Chat opens once you are connected"}
              disabled={!connected}
            />
            <button
              type="submit"
              class="min-h-[44px] rounded-md bg-indigo-500 px-4 font-medium disabled:opacity-40"
              disabled={!connected}
            >
              Send
            </button>
          </form>
        </div>
      )}

      <p class="sr-only" role="status" aria-live="polite" data-role="announcer">
        {call.announcement.value}
      </p>
    </section>
  );
}

function DevicePicker(
  { label, devices, onChange }: {
    label: string;
    devices: MediaDeviceInfo[];
    onChange: (id: string) => void;
  },
) {
  const id = `device-${label.toLowerCase()}`;
  return (
    <div class="space-y-1">
      <label for={id} class="block text-slate-300">{label}</label>
      <select
        id={id}
        class="min-h-[44px] w-full rounded-md border border-slate-600 bg-slate-800 px-2 text-white"
        disabled={devices.length === 0}
        onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
      >
        {devices.length === 0 && <option>None available</option>}
        {devices.map((d, i) => (
          <option value={d.deviceId}>{d.label || `${label} ${i + 1}`}</option>
        ))}
      </select>
    </div>
  );
}
