// Development-only endpoints: the live-reload socket and the error overlay.

/** Answers the dev client's WebSocket with the server's start revision. */
export function handleAlive(req: Request, revision: number): Response {
  if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return new Response("This endpoint only accepts WebSocket upgrades", {
      status: 501,
    });
  }
  const { socket, response } = Deno.upgradeWebSocket(req);
  socket.addEventListener("open", () => {
    socket.send(JSON.stringify({ type: "initial-state", revision }));
  });
  return response;
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(
    ">",
    "&gt;",
  )
    .replaceAll('"', "&quot;");
}

/** The overlay iframe appended to error pages in development. */
export function devOverlayScript(basePath: string, error: unknown): string {
  const err = error instanceof Error ? error : new Error(String(error));
  const params = new URLSearchParams({
    message: err.message,
    stack: err.stack ?? "",
  });
  return `<iframe id="fresh-error-overlay" src="${basePath}/_frsh/error_overlay?${
    escapeHtml(params.toString())
  }" style="position:fixed;inset:0;width:100%;height:100%;border:none;z-index:99999"></iframe>`;
}

/** The overlay page: the error message and stack, with a close button. */
export function devOverlayPage(url: URL): Response {
  const message = url.searchParams.get("message") ?? "";
  const stack = url.searchParams.get("stack") ?? "";
  const html =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error</title>
<style>body{margin:0;font:14px/1.5 system-ui,sans-serif;background:rgba(0,0,0,.6)}
main{max-width:60rem;margin:4rem auto;background:#fff;border-top:4px solid #dc2626;padding:1.5rem;border-radius:.5rem}
h1{font-size:1.1rem;color:#b91c1c;margin:0 0 1rem}pre{overflow:auto;background:#f3f4f6;padding:1rem}</style></head>
<body><main><button id="close" style="float:right">Close</button><h1>${
      escapeHtml(message)
    }</h1><pre>${
      escapeHtml(stack)
    }</pre></main><script>document.getElementById("close").onclick=()=>parent.postMessage("close-error-overlay",location.origin)</script></body></html>`;
  return new Response(html, {
    headers: { "content-type": "text/html; charset=utf-8" },
  });
}

// The error page's own live reload (no bundle exists when the app does not
// load): reloads once a newer server answers, i.e. after the fix.
const RELOAD_SCRIPT =
  `<script>let first=null;function connect(){const u=new URL("/_frsh/alive",location.href);u.protocol=location.protocol==="https:"?"wss:":"ws:";const s=new WebSocket(u);s.onmessage=(e)=>{const m=JSON.parse(e.data);if(first===null)first=m.revision;else if(m.revision>first)location.reload()};s.onclose=()=>setTimeout(connect,300)}connect()</script>`;

/**
 * The handler of a dev server whose app did not load (a syntax error in a
 * route, island or module they import, or a failed island build): every
 * page answers 500 with the error overlay and reloads itself once the dev
 * server restarts with the fix.
 */
export function devErrorHandler(
  error: unknown,
  basePath = "",
): (req: Request) => Response {
  const revision = Date.now();
  return (req) => {
    const url = new URL(req.url);
    if (url.pathname === `${basePath}/_frsh/alive`) {
      return handleAlive(req, revision);
    }
    if (url.pathname === `${basePath}/_frsh/error_overlay`) {
      return devOverlayPage(url);
    }
    const html =
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The app did not load</title></head><body>${
        devOverlayScript(basePath, error)
      }${RELOAD_SCRIPT}</body></html>`;
    return new Response(html, {
      status: 500,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
      },
    });
  };
}
