// Development client: reloads the page when the dev server restarts, and lets
// the error overlay close itself.
let firstRevision: number | null = null;
let socket: WebSocket | null = null;
let delay = 100;

function connect(): void {
  const url = new URL("/_frsh/alive", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(url);
  socket.addEventListener("open", () => (delay = 100));
  socket.addEventListener("message", (e) => {
    const msg = JSON.parse(e.data) as { type: string; revision: number };
    if (msg.type !== "initial-state") return;
    if (firstRevision === null) firstRevision = msg.revision;
    else if (msg.revision > firstRevision) location.reload();
  });
  socket.addEventListener("close", () => {
    socket = null;
    if (document.visibilityState === "hidden") return;
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 2000);
  });
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") socket?.close();
  else if (!socket) connect();
});

addEventListener("message", (e) => {
  if (e.origin !== location.origin || e.data !== "close-error-overlay") return;
  document.getElementById("fresh-error-overlay")?.remove();
});

connect();
