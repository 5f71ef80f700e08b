// The reference: a minimal socket.io signaling relay on Node, as the platform
// Talkroom replaces had it. Same event names and payloads as Talkroom's
// protocol; one room per booking; no validation (the original had none).
// The client names its room and user in the handshake's `auth`.
import { createServer } from "node:http";
import { createRequire } from "node:module";

// Loaded through require so that `deno check` of the project does not try to
// resolve this folder's npm dependencies (they are Node's, in node_modules/).
const require = createRequire(import.meta.url);
const { Server } = require("socket.io");

const RELAYED = {
  "webrtc:offer": (m, from) => ({ sdp: m?.sdp, fromUserId: from }),
  "webrtc:answer": (m, from) => ({ sdp: m?.sdp, fromUserId: from }),
  "webrtc:ice-candidate": (m, from) => ({
    candidate: m?.candidate ?? null,
    fromUserId: from,
  }),
};

const http = createServer();
const io = new Server(http, {
  serveClient: false,
  maxHttpBufferSize: 64 * 1024,
});

io.use((socket, next) => {
  const { room, user } = socket.handshake.auth ?? {};
  if (typeof room !== "string" || typeof user !== "string") {
    return next(new Error("unauthorized"));
  }
  socket.data.room = room;
  socket.data.user = user;
  next();
});

io.on("connection", async (socket) => {
  const { room, user } = socket.data;
  socket.join(room);
  const peers = (await io.in(room).fetchSockets())
    .filter((s) => s.id !== socket.id)
    .map((s) => ({ userId: s.data.user }));
  socket.emit("booking:joined", { you: { userId: user }, peers });
  socket.to(room).emit("booking:user-joined", { userId: user });

  socket.on("webrtc:ready", () => {
    socket.to(room).emit("webrtc:peer-ready", { userId: user });
  });
  for (const [event, shape] of Object.entries(RELAYED)) {
    socket.on(event, (message) => {
      socket.to(room).emit(event, shape(message, user));
    });
  }
  socket.on("media:toggle-mic", (m) => {
    socket.to(room).emit("media:user-muted", {
      userId: user,
      isMuted: !!m?.isMuted,
    });
  });
  socket.on("media:toggle-video", (m) => {
    socket.to(room).emit("media:user-video-off", {
      userId: user,
      isVideoOff: !!m?.isVideoOff,
    });
  });
  socket.on("booking:leave", () => socket.disconnect(true));
  socket.on("disconnect", () => {
    socket.to(room).emit("booking:user-left", { userId: user });
  });
});

http.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`Listening on http://127.0.0.1:${http.address().port}/`);
});
process.on("SIGTERM", () => process.exit(0));
