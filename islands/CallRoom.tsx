import { useSignal } from "@preact/signals";
import { useEffect, useLayoutEffect, useMemo, useRef } from "preact/hooks";
import { IS_BROWSER } from "$fresh/runtime.ts";
import { CallController } from "@/lib/call/call.ts";
import { OtherInRoom } from "@/lib/call/other_in_room.ts";
import {
  type DevicePrefs,
  loadDevicePrefs,
  saveDevicePref,
} from "@/lib/call/device_prefs.ts";
import type { IceConfiguration } from "@/lib/signaling/ice.ts";
import type { StoredChatMessage } from "@/lib/call/chat.ts";
import { useStream } from "@/components/call/use_stream.ts";
import { isolate } from "@/components/call/isolate.ts";
import { PreJoin } from "@/components/call/PreJoin.tsx";
import { StatusLine } from "@/components/call/StatusLine.tsx";
import type { Corner } from "@/components/call/LocalTile.tsx";
import { CallStage } from "@/components/call/CallStage.tsx";
import { DevicePickers } from "@/components/call/DevicePickers.tsx";
import { loadPanels, panels } from "@/components/call/lazy_panels.ts";
import { sayer } from "@/lib/i18n/fill.ts";
import type { RoomSay, RoomTexts } from "@/lib/i18n/room_texts.ts";

interface CallRoomProps {
  bookingId: string;
  me: { id: string; username: string };
  other: { id: string; username: string };
  polite: boolean;
  /** Lesson start and end, ISO. */
  startAt: string;
  endAt: string;
  ice?: IceConfiguration | null;
  /** The booking's stored chat, oldest first. */
  history?: StoredChatMessage[];
  /** The viewer's time zone, for the chat's times. */
  timeZone?: string;
  /** The room's messages in the viewer's language (lib/i18n/room_texts.ts). */
  texts: RoomTexts;
  /** The viewer's locale, for the messages' numbers and the chat's times. */
  locale: string;
}

const CARD = "overflow-hidden rounded-xl bg-slate-900 text-white shadow-lg";

/**
 * The video call of one booking: the pre-join panel, then the call filling
 * the viewport, then "You left the call". The server renders the pre-join
 * state with the same hooks; the call itself only exists in the browser.
 */
export default function CallRoom(props: CallRoomProps) {
  const say = useMemo(() => sayer(props.locale, props.texts), [
    props.locale,
    props.texts,
  ]);
  if (!IS_BROWSER) {
    return (
      <section
        id="call-room"
        class={`${CARD} px-4 py-16 text-center`}
        aria-label={say("room.callWith", { name: props.other.username })}
        data-call-state="prejoin"
        data-signal-state="closed"
      >
        <p data-role="status">{say("room.gettingReady")}</p>
        <button
          type="button"
          disabled
          class="mt-4 min-h-[44px] rounded-md bg-indigo-600 px-6 py-2 text-lg font-semibold text-white opacity-60"
        >
          {say("room.preJoin.join")}
        </button>
      </section>
    );
  }
  return <LiveCallRoom {...props} say={say} />;
}

function LiveCallRoom(props: CallRoomProps & { say: RoomSay }) {
  const { say } = props;
  const call = useMemo(
    () =>
      new CallController({
        bookingId: props.bookingId,
        me: props.me,
        other: props.other,
        polite: props.polite,
        ice: props.ice,
        history: props.history,
        say,
        locale: props.locale,
      }),
    [props.bookingId],
  );
  const otherInRoom = useMemo(() => new OtherInRoom(props.bookingId), [
    props.bookingId,
  ]);
  const rootRef = useRef<HTMLElement>(null);
  const prefs = useSignal<DevicePrefs>(loadDevicePrefs());
  const soundBlocked = useSignal(false);
  const settingsOpen = useSignal(false);
  const detailsOpen = useSignal(false);
  const corner = useSignal<Corner>("bottom-right");
  const fullScreen = useSignal(false);
  const phase = call.phase.value;
  const stopped = call.stopped.value;
  const inCall = phase === "joined" && !stopped;

  // Before the first paint: the camera takes long enough.
  useLayoutEffect(() => {
    call.preview(prefs.value);
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (
        call.phase.value !== "joined" || e.ctrlKey || e.metaKey || e.altKey ||
        target?.closest("input, textarea, select")
      ) return;
      if (e.key === "m" || e.key === "M") call.media.toggleMic();
      if (e.key === "v" || e.key === "V") call.media.toggleCamera();
    };
    addEventListener("keydown", onKey);
    const onUnload = () => call.leave();
    addEventListener("pagehide", onUnload);
    const onFullScreen =
      () => (fullScreen.value = document.fullscreenElement === rootRef.current);
    document.addEventListener("fullscreenchange", onFullScreen);
    return () => {
      removeEventListener("keydown", onKey);
      removeEventListener("pagehide", onUnload);
      document.removeEventListener("fullscreenchange", onFullScreen);
      call.dispose();
    };
  }, [call]);

  // Who is here is only asked before joining; in the call the room says it.
  useEffect(() => phase === "prejoin" ? otherInRoom.watch() : undefined, [
    phase,
  ]);

  // In the call, the page around it is out of reach (the booking's actions).
  useEffect(() => {
    const root = rootRef.current;
    if (!inCall || !root) return;
    const undo = isolate(root);
    return () => {
      undo();
      if (document.fullscreenElement === root) {
        document.exitFullscreen().catch(() => {});
      }
    };
  }, [inCall]);

  // While sharing, the own tile shows what the other side sees.
  const localRef = useStream(
    call.screen.stream.value ?? call.media.stream.value,
  );
  const remoteRef = useStream(
    call.negotiation.remoteStream.value,
    () => (soundBlocked.value = true),
  );
  useEffect(() => {
    const video = remoteRef.current as
      | (HTMLVideoElement & { setSinkId?(id: string): Promise<void> })
      | null;
    const speaker = prefs.value.speaker;
    if (video && speaker) void video.setSinkId?.(speaker).catch(() => {});
  }, [phase, prefs.value.speaker]);

  const connected = call.negotiation.connectionState.value === "connected";

  const chooseDevice = (role: keyof DevicePrefs, id: string) => {
    saveDevicePref(role, id);
    prefs.value = { ...prefs.value, [role]: id };
    if (role === "camera") void call.media.switchDevice("videoinput", id);
    if (role === "microphone") void call.media.switchDevice("audioinput", id);
    if (role === "speaker") {
      const video = remoteRef.current as
        | (HTMLVideoElement & { setSinkId?(id: string): Promise<void> })
        | null;
      void video?.setSinkId?.(id).catch(
        () => (call.media.problem.value = say("room.speakerFailed")),
      );
    }
  };

  const join = () => {
    // A phone's call takes the whole screen; the click allows asking for it.
    const root = rootRef.current;
    if (root?.requestFullscreen && matchMedia("(max-width: 640px)").matches) {
      root.requestFullscreen().catch(() => {});
    }
    void call.join().catch((err) => {
      console.warn("Joining the call failed", err);
      call.media.problem.value = say("room.cannotStart");
    });
  };
  const rejoin = () => {
    void call.rejoin().catch((err) => {
      console.warn("Rejoining the call failed", err);
      call.media.problem.value = say("room.cannotStart");
    });
  };

  // Only a joined call leaves or is replaced: its panels are loaded by then
  // (CallStage); this retries after a failed load.
  if (phase === "left" || stopped) loadPanels();
  const Notices = panels.value;
  const other = props.other.username;
  const pickers = (
    <DevicePickers
      devices={call.media.devices.value}
      selected={prefs.value}
      onCamera={(id) => chooseDevice("camera", id)}
      onMicrophone={(id) => chooseDevice("microphone", id)}
      onSpeaker={(id) => chooseDevice("speaker", id)}
      say={say}
    />
  );
  const statusLine = (
    <StatusLine
      call={call}
      otherName={other}
      start={Date.parse(props.startAt)}
      end={Date.parse(props.endAt)}
      detailsOpen={detailsOpen}
    />
  );
  const path = call.quality.path.value;
  const canPip = typeof document !== "undefined" &&
    document.pictureInPictureEnabled;
  const canFullScreen = Boolean(document.fullscreenEnabled);

  return (
    <section
      id="call-room"
      ref={rootRef}
      class={inCall
        ? "fixed inset-0 z-50 flex flex-col bg-black text-white"
        : CARD}
      aria-label={say("room.callWith", { name: other })}
      data-call-state={phase === "joined"
        ? call.negotiation.connectionState.value
        : phase}
      data-signal-state={call.signalState.value}
      data-path={connected && path ? path : undefined}
      data-layout={inCall ? "call" : "panel"}
    >
      {phase === "prejoin" && (
        <PreJoin
          call={call}
          otherName={other}
          videoRef={localRef}
          otherInRoom={otherInRoom.value.value}
          pickers={pickers}
          onJoin={join}
        />
      )}
      {phase === "left" && Notices && (
        <Notices.LeftNotice onRejoin={rejoin} say={say} />
      )}
      {phase === "joined" && stopped && (
        <>
          {statusLine}
          {stopped === "replaced" && Notices && (
            <Notices.ReplacedNotice onTakeBack={rejoin} say={say} />
          )}
        </>
      )}
      {inCall && (
        <CallStage
          call={call}
          otherName={other}
          timeZone={props.timeZone ?? "UTC"}
          remoteRef={remoteRef}
          localRef={localRef}
          soundBlocked={soundBlocked}
          corner={corner}
          statusLine={statusLine}
          detailsOpen={detailsOpen}
          settingsOpen={settingsOpen}
          pickers={pickers}
          fullScreen={canFullScreen
            ? {
              active: fullScreen.value,
              toggle: () => {
                const request = document.fullscreenElement
                  ? document.exitFullscreen()
                  : rootRef.current?.requestFullscreen();
                request?.catch(() => {});
              },
            }
            : null}
          onPictureInPicture={canPip
            ? () => {
              remoteRef.current?.requestPictureInPicture().catch(() => {});
            }
            : null}
        />
      )}
      <p class="sr-only" role="status" aria-live="polite" data-role="announcer">
        {call.announcement.value}
      </p>
    </section>
  );
}
