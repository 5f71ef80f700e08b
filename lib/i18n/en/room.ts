// English messages for the call room (islands/CallRoom.tsx, components/call/, components/RoomArea.tsx).
// The island gets every "room." message of the viewer's language as a prop
// (lib/i18n/room_texts.ts), so keep here only what the room shows.

export const room = {
  // The room's box on the booking page (components/RoomArea.tsx).
  "room.title": "Call room",
  "room.notYet": {
    one:
      "The room opens {when}, {count} minute before the lesson. Come back to this page then to join the call.",
    other:
      "The room opens {when}, {count} minutes before the lesson. Come back to this page then to join the call.",
  },
  "room.isOpen": "The call room is open",
  "room.until": "Until {time}",
  "room.ended": "The lesson has ended and the room is closed",
  "room.closed": "The room is closed",
  "room.closedCancelled": "This booking was cancelled, so there is no call",

  // The call as a whole (islands/CallRoom.tsx).
  "room.callWith": "Call with {name}",
  "room.gettingReady": "Getting the call ready…",
  "room.cannotStart": "The call could not start. Reload the page to try again.",
  "room.speakerFailed": "This speaker cannot be used",
  "room.you": "You",
  "room.micMuted": "microphone muted",

  // Before joining (components/call/PreJoin.tsx).
  "room.preJoin.heading": "Ready to join?",
  "room.preJoin.starting": "Starting your camera…",
  "room.preJoin.cameraOff": "Your camera is off",
  "room.preJoin.checking": "Checking whether {name} is here…",
  "room.preJoin.otherHere": "{name} is already in the room",
  "room.preJoin.otherAway": "{name} has not joined yet",
  "room.preJoin.join": "Join now",
  "room.preJoin.test": "Test your connection",
  "room.preJoin.testing": "Testing your connection…",

  // The connection test's verdicts (lib/call/pretest.ts).
  "room.pretest.relayReady":
    "Your connection is ready: the call will get through on this network, through the relay server if it has to",
  "room.pretest.relayBlocked":
    "The relay server could not be reached from this network: the call may not get through. Try another network",
  "room.pretest.ready":
    "Your connection is ready: the call should get through on this network",
  "room.pretest.stunBlocked":
    "The connection server could not be reached from this network: the call may not get through. Try another network",
  "room.pretest.directOnly":
    "Only direct connections can be tested here (no connection server is configured): the call will get through when both of you can reach each other directly",
  "room.pretest.none":
    "No network connection could be prepared: the call will not get through",
  "room.pretest.cannotRun": "The connection test could not run in this browser",
  "room.pretest.found": "{verdict} (found: {types} connections)",
  "room.pretest.host": "local",
  "room.pretest.srflx": "public",
  "room.pretest.relay": "relay",

  // The camera and microphone (lib/call/media.ts, lib/call/local_media.ts).
  "room.media.unsupported":
    "This browser cannot use a camera or microphone here",
  "room.media.noCamera":
    "Camera unavailable: {reason}. You are in the call with audio only.",
  "room.media.noMicrophone":
    "Microphone unavailable: {reason}. The other side will not hear you.",
  "room.media.noDevices":
    "Camera and microphone unavailable: {reason}. You can still see and hear the other side.",
  "room.media.refused": "access was refused",
  "room.media.notFound": "no device was found",
  "room.media.inUse": "the device is in use by another program",
  "room.media.failed": "it could not be started",
  "room.media.switchFailed": "Could not switch device: {error}",
  "room.notGettingThrough":
    "The call is not getting through: a firewall or the network may be blocking it. Still trying…",

  // The status line (lib/call/room_status.ts, components/call/StatusLine.tsx).
  "room.status.replaced": "Joined from another tab",
  "room.status.sessionEnded":
    "Your session has ended. Sign in again to rejoin.",
  "room.status.roomClosed": "The room has closed",
  "room.status.left": "You left the call",
  "room.status.starting": "Starting your camera and microphone…",
  "room.status.connected": "Connected to {name}",
  "room.status.connectedSignaling":
    "Connected to {name} (signaling reconnecting…)",
  "room.status.otherLeft": "{name} left the call",
  "room.status.waiting": "Waiting for {name}",
  "room.status.waitingLate": {
    one: "Waiting for {name}: {count} minute late",
    other: "Waiting for {name}: {count} minutes late",
  },
  "room.status.reconnecting": "Reconnecting to {name}…",
  "room.status.connecting": "Connecting to {name}…",
  "room.status.callTime": "Call time",
  "room.status.startsIn": "Starts in {time}",
  "room.status.endsIn": "Ends in {time}",
  "room.quality.good": "Connection good",
  "room.quality.fair": "Connection fair",
  "room.quality.poor": "Connection poor",
  "room.quality.unknown": "Connection unknown",

  // What the screen reader hears (lib/call/presence.ts, chat.ts, screen_share.ts).
  "room.said.joined": "{name} joined the call",
  "room.said.muted": "{name} muted their microphone",
  "room.said.unmuted": "{name} unmuted their microphone",
  "room.said.cameraOff": "{name} turned their camera off",
  "room.said.cameraOn": "{name} turned their camera on",
  "room.said.message": "Message from {name}: {text}",
  "room.said.sharing": "You are sharing your screen",
  "room.said.stoppedSharing": "You stopped sharing your screen",

  // The call's buttons (components/call/ControlsBar.tsx).
  "room.control.mute": "Mute microphone",
  "room.control.unmute": "Unmute microphone",
  "room.control.cameraOff": "Turn camera off",
  "room.control.cameraOn": "Turn camera on",
  "room.control.flip": "Switch camera",
  "room.control.share": "Share screen",
  "room.control.chat": "Chat",
  "room.control.unread": {
    one: "unread message",
    other: "unread messages",
  },
  "room.control.whiteboard": "Whiteboard",
  "room.control.settings": "Settings",
  "room.control.fullScreen": "Full screen",
  "room.control.exitFullScreen": "Exit full screen",
  "room.control.pip": "Picture in picture",
  "room.control.leave": "Leave call",

  // The videos (components/call/LocalTile.tsx, RemoteTile.tsx, TopBar.tsx).
  "room.self.label": "Your video (drag it, or move it with the arrow keys)",
  "room.self.sharing": "You (sharing screen)",
  "room.remote.cameraOff": "(camera off)",
  "room.remote.sound": "Turn on sound",
  "room.share.active": "You are sharing your screen",
  "room.share.stop": "Stop sharing",

  // The device settings (components/call/DevicePickers.tsx).
  "room.device.camera": "Camera",
  "room.device.microphone": "Microphone",
  "room.device.speaker": "Speaker",
  "room.device.none": "None available",
  "room.device.numbered": "{device} {number}",

  // The connection details (components/call/QualityPanel.tsx).
  "room.quality.rtt": "Round trip:",
  "room.quality.loss": "Packet loss:",
  "room.quality.receiving": "Receiving:",
  "room.quality.sending": "Sending:",
  "room.quality.path": "Path:",
  "room.quality.relayed": "relayed (TURN)",
  "room.quality.direct": "direct",

  // After leaving, or when another tab took the call (LeftNotice, ReplacedNotice).
  "room.left.rejoin": "Rejoin",
  "room.left.back": "Back to your bookings",
  "room.replaced.text": "You joined this call from another tab or device.",
  "room.replaced.takeBack": "Take the call back here",

  // The chat (components/call/ChatPanel.tsx, CallStage.tsx).
  "room.chat.loading": "Loading the chat…",
  "room.chat.heading": "Chat with {name}",
  "room.chat.close": "Close chat",
  "room.chat.messages": "Chat messages",
  "room.chat.sending": "sending…",
  "room.chat.notSaved": "Not saved: {reason}",
  "room.chat.rateLimited": "too many messages at once, wait a moment",
  "room.chat.failed": "try again",
  "room.chat.message": "Message",
  "room.chat.placeholder": "Write a message",
  "room.chat.notConnected": "Chat opens once you are connected",
  "room.chat.send": "Send",

  // The whiteboard (components/call/whiteboard/, lib/whiteboard/sync.ts).
  "room.board.tool": "Tool",
  "room.board.pen": "Pen",
  "room.board.eraser": "Eraser",
  "room.board.text": "Text",
  "room.board.colour": "Colour",
  "room.board.colour.black": "Black",
  "room.board.colour.red": "Red",
  "room.board.colour.blue": "Blue",
  "room.board.colour.green": "Green",
  "room.board.colour.orange": "Orange",
  "room.board.width": "Width",
  "room.board.width.thin": "Thin",
  "room.board.width.medium": "Medium",
  "room.board.width.thick": "Thick",
  "room.board.undo": "Undo",
  "room.board.clear": "Clear page",
  "room.board.pages": "Pages",
  "room.board.previous": "Previous page",
  "room.board.pageOf": "Page {page} of {pages}",
  "room.board.next": "Next page",
  "room.board.newPage": "New page",
  "room.board.close": "Close whiteboard",
  "room.board.textLabel": "Text to add",
  "room.board.textHere": "Type, then Add text",
  "room.board.textWhere": "Tap the board where it goes, or add it at the top",
  "room.board.addText": "Add text",
  "room.board.picture": "Whiteboard page {page} of {pages}",
  "room.board.loadFailed": "The saved whiteboard could not be loaded",
  "room.board.full": "The whiteboard is full: it cannot be saved",
} as const;
