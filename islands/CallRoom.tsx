import { useSignal } from "@preact/signals";
import { useLayoutEffect, useMemo } from "preact/hooks";
import { IS_BROWSER } from "$fresh/runtime.ts";
import { CallController } from "@/lib/call/call.ts";
import type { IceConfiguration } from "@/lib/signaling/ice.ts";
import { useStream } from "@/components/call/use_stream.ts";
import { StatusLine } from "@/components/call/StatusLine.tsx";
import { QualityPanel } from "@/components/call/QualityPanel.tsx";
import { ProblemNotices } from "@/components/call/ProblemNotices.tsx";
import { ReplacedNotice } from "@/components/call/ReplacedNotice.tsx";
import { RemoteTile } from "@/components/call/RemoteTile.tsx";
import { LocalTile } from "@/components/call/LocalTile.tsx";
import { ControlsBar } from "@/components/call/ControlsBar.tsx";
import { DevicePickers } from "@/components/call/DevicePickers.tsx";
import { ChatPanel } from "@/components/call/ChatPanel.tsx";

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
  const soundBlocked = useSignal(false);
  const settingsOpen = useSignal(false);
  const detailsOpen = useSignal(false);

  // Before the first paint: the camera and the socket take long enough.
  useLayoutEffect(() => {
    void call.start().catch((err) => {
      console.error("Starting the call failed", err);
      call.media.problem.value =
        "The call could not start. Reload the page to try again.";
    });
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (
        e.ctrlKey || e.metaKey || e.altKey ||
        target?.closest("input, textarea, select")
      ) return;
      if (e.key === "m" || e.key === "M") call.media.toggleMic();
      if (e.key === "v" || e.key === "V") call.media.toggleCamera();
    };
    addEventListener("keydown", onKey);
    const onUnload = () => call.leave();
    addEventListener("pagehide", onUnload);
    return () => {
      removeEventListener("keydown", onKey);
      removeEventListener("pagehide", onUnload);
      call.dispose();
    };
  }, [call]);

  // While sharing, the own tile shows what the other side sees.
  const localRef = useStream(
    call.screen.stream.value ?? call.media.stream.value,
  );
  const remoteRef = useStream(
    call.negotiation.remoteStream.value,
    () => (soundBlocked.value = true),
  );

  const other = props.other.username;
  const connected = call.negotiation.connectionState.value === "connected";
  const stopped = call.stopped.value;
  const stats = call.quality.stats.value;
  const path = call.quality.path.value;

  return (
    <section
      id="call-room"
      class="overflow-hidden rounded-xl bg-slate-900 text-white shadow-lg"
      aria-label={`Call with ${other}`}
      data-call-state={call.negotiation.connectionState.value}
      data-signal-state={call.signalState.value}
      data-path={connected && path ? path : undefined}
    >
      <StatusLine
        call={call}
        otherName={other}
        start={Date.parse(props.startAt)}
        end={Date.parse(props.endAt)}
        detailsOpen={detailsOpen}
      />
      {detailsOpen.value && stats && <QualityPanel stats={stats} />}
      <ProblemNotices
        connectionProblem={stopped ? null : call.negotiation.problem.value}
        mediaProblem={call.media.problem.value}
      />
      {stopped === "replaced"
        ? <ReplacedNotice onTakeBack={() => void call.takeBack()} />
        : (
          <div class="relative grid gap-2 p-2 md:grid-cols-2">
            <RemoteTile
              call={call}
              otherName={other}
              videoRef={remoteRef}
              soundBlocked={soundBlocked}
            />
            <LocalTile call={call} videoRef={localRef} />
          </div>
        )}
      {!stopped && <ControlsBar call={call} settingsOpen={settingsOpen} />}
      {!stopped && settingsOpen.value && (
        <DevicePickers
          devices={call.media.devices.value}
          onCamera={(id) => void call.media.switchDevice("videoinput", id)}
          onMicrophone={(id) => void call.media.switchDevice("audioinput", id)}
          onSpeaker={(id) => {
            const video = remoteRef.current as
              | (HTMLVideoElement & { setSinkId?(id: string): Promise<void> })
              | null;
            void video?.setSinkId?.(id).catch(
              () => (call.media.problem.value = "This speaker cannot be used"),
            );
          }}
        />
      )}
      {!stopped && call.chat.open.value && (
        <ChatPanel call={call} otherName={other} />
      )}
      <p class="sr-only" role="status" aria-live="polite" data-role="announcer">
        {call.announcement.value}
      </p>
    </section>
  );
}
