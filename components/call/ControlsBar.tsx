import type { Signal } from "@preact/signals";
import type { CallController } from "@/lib/call/call.ts";
import { ICONS } from "@/components/call/Icon.tsx";
import { ControlButton } from "@/components/call/ControlButton.tsx";
import { openBoard } from "@/components/call/lazy_panels.ts";

interface ControlsBarProps {
  call: CallController;
  /** Whether the device settings are shown; the Settings button toggles it. */
  settingsOpen: Signal<boolean>;
  /** Whether the call fills the screen, and the switch; absent where the browser cannot. */
  fullScreen: { active: boolean; toggle: () => void } | null;
  /** Puts the remote video in a Picture-in-Picture window; absent where the browser cannot. */
  onPictureInPicture: (() => void) | null;
}

/**
 * Microphone, camera, camera flip (phones), screen share, chat, whiteboard, settings,
 * full screen, Picture-in-Picture and leave.
 */
export function ControlsBar(
  { call, settingsOpen, fullScreen, onPictureInPicture }: ControlsBarProps,
) {
  const { media, screen, chat } = call;
  const { say } = call.options;
  const connected = call.negotiation.connectionState.value === "connected";
  const micMuted = media.micMuted.value;
  const cameraOff = media.cameraOff.value;
  const unread = chat.unread.value;
  return (
    <div class="flex flex-wrap items-center justify-center gap-2 px-2 py-3">
      <ControlButton
        label={say(micMuted ? "room.control.unmute" : "room.control.mute")}
        icon={micMuted ? ICONS.micOff : ICONS.mic}
        onClick={() => media.toggleMic()}
        pressed={micMuted}
        disabled={!media.hasAudio.value}
      />
      <ControlButton
        label={say(
          cameraOff ? "room.control.cameraOn" : "room.control.cameraOff",
        )}
        icon={cameraOff ? ICONS.camOff : ICONS.cam}
        onClick={() => media.toggleCamera()}
        pressed={cameraOff}
        disabled={!media.hasVideo.value}
      />
      {media.canFlip.value && (
        <ControlButton
          label={say("room.control.flip")}
          icon={ICONS.cam}
          onClick={() => void media.flipCamera()}
        />
      )}
      <ControlButton
        label={say("room.control.share")}
        icon={ICONS.screen}
        onClick={() => void screen.toggle()}
        pressed={screen.sharing.value}
        disabled={!connected || !navigator.mediaDevices?.getDisplayMedia}
      />
      <ControlButton
        label={say("room.control.chat")}
        icon={ICONS.chat}
        onClick={() => chat.setOpen(!chat.open.value)}
        pressed={chat.open.value}
      >
        {unread > 0 && (
          <span
            class="absolute -right-1 -top-1 rounded-full bg-red-500 px-1.5 text-xs font-bold"
            data-role="unread"
          >
            {unread}
            <span class="sr-only">
              {" "}
              {say("room.control.unread", { count: unread })}
            </span>
          </span>
        )}
      </ControlButton>
      <ControlButton
        label={say("room.control.whiteboard")}
        icon={ICONS.pen}
        onClick={openBoard}
        control="whiteboard"
      />
      <ControlButton
        label={say("room.control.settings")}
        icon={ICONS.gear}
        onClick={() => (settingsOpen.value = !settingsOpen.value)}
        pressed={settingsOpen.value}
      />
      {fullScreen && (
        <ControlButton
          label={say(
            fullScreen.active
              ? "room.control.exitFullScreen"
              : "room.control.fullScreen",
          )}
          icon={ICONS.full}
          onClick={fullScreen.toggle}
          pressed={fullScreen.active}
        />
      )}
      {onPictureInPicture && (
        <ControlButton
          label={say("room.control.pip")}
          icon={ICONS.pip}
          onClick={onPictureInPicture}
          disabled={!connected}
        />
      )}
      <ControlButton
        label={say("room.control.leave")}
        icon={ICONS.leave}
        onClick={() => call.leave()}
        danger
      />
    </div>
  );
}
