// The plain-WebSocket reference: Talkroom's JSON protocol relayed by the `ws`
// package on Node, with nothing else (no auth, no validation, no limits).
// The client names its room and user in the query string.
import { createRequire } from "node:module";

// Loaded through require so that `deno check` of the project does not try to
// resolve this folder's npm dependencies (they are Node's, in node_modules/).
const require = createRequire(import.meta.url);
const { WebSocketServer } = require("ws");

const HEARTBEAT_MS = 20_000;
const rooms = new Map();

const wss = new WebSocketServer({
  host: "127.0.0.1",
  port: Number(process.env.PORT ?? 0),
  maxPayload: 64 * 1024,
  perMessageDeflate: false,
});

function toOthers(room, from, message) {
  const text = JSON.stringify(message);
  for (const [user, socket] of room) {
    if (user !== from && socket.readyState === socket.OPEN) socket.send(text);
  }
}

wss.on("connection", (socket, req) => {
  const url = new URL(req.url, "http://relay");
  const roomId = url.searchParams.get("room");
  const user = url.searchParams.get("user");
  if (!roomId || !user) return socket.close(1008, "room and user required");
  let room = rooms.get(roomId);
  if (!room) rooms.set(roomId, room = new Map());
  room.get(user)?.close(4001, "Replaced");
  const peers = [...room.keys()].filter((u) => u !== user).map((userId) => ({
    userId,
  }));
  room.set(user, socket);
  socket.alive = true;
  socket.on("pong", () => socket.alive = true);
  socket.send(
    JSON.stringify({ type: "booking:joined", you: { userId: user }, peers }),
  );
  toOthers(room, user, { type: "booking:user-joined", userId: user });

  socket.on("message", (data, isBinary) => {
    if (isBinary) return socket.close(1003, "Binary frames are not accepted");
    let m;
    try {
      m = JSON.parse(data.toString());
    } catch {
      return socket.send(
        JSON.stringify({ type: "error", code: "invalid_json" }),
      );
    }
    switch (m?.type) {
      case "webrtc:ready":
        return toOthers(room, user, {
          type: "webrtc:peer-ready",
          userId: user,
        });
      case "webrtc:offer":
      case "webrtc:answer":
        return toOthers(room, user, {
          type: m.type,
          sdp: m.sdp,
          fromUserId: user,
        });
      case "webrtc:ice-candidate":
        return toOthers(room, user, {
          type: m.type,
          candidate: m.candidate ?? null,
          fromUserId: user,
        });
      case "booking:leave":
        return socket.close(1000, "Left the call");
      default:
        return socket.send(
          JSON.stringify({ type: "error", code: "unknown_type" }),
        );
    }
  });
  socket.on("close", () => {
    if (room.get(user) !== socket) return;
    room.delete(user);
    if (room.size === 0) rooms.delete(roomId);
    else toOthers(room, user, { type: "booking:user-left", userId: user });
  });
});

const heartbeat = setInterval(() => {
  for (const socket of wss.clients) {
    if (!socket.alive) {
      socket.terminate();
      continue;
    }
    socket.alive = false;
    socket.ping();
  }
}, HEARTBEAT_MS);

wss.on("listening", () => {
  console.log(`Listening on http://127.0.0.1:${wss.address().port}/`);
});
process.on("SIGTERM", () => {
  clearInterval(heartbeat);
  process.exit(0);
});
