// Bytes on the wire of one HTTP/1.1 response: the request is written by hand
// on a TCP socket (Connection: close) and everything the server sends is
// counted, status line, headers, chunk framing and (compressed) body.

/** One response as it crossed the wire. */
export interface WireResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Status line and headers, with the blank line after them. */
  headerBytes: number;
  /** Everything after the headers (chunk framing included). */
  bodyBytes: number;
  /** headerBytes + bodyBytes. */
  totalBytes: number;
}

/**
 * Splits the raw bytes of a response into status, headers and body sizes.
 * @throws Error when there is no complete status line and header block
 */
export function parseRawResponse(bytes: Uint8Array): WireResponse {
  let end = -1;
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (
      bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 &&
      bytes[i + 3] === 10
    ) {
      end = i + 4;
      break;
    }
  }
  if (end < 0) throw new Error("No end of the HTTP headers in the response");
  const head = new TextDecoder().decode(bytes.subarray(0, end - 4));
  const [statusLine, ...lines] = head.split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!status) throw new Error(`Not an HTTP/1.x status line: ${statusLine}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line
        .slice(colon + 1).trim();
    }
  }
  return {
    status: Number(status[1]),
    headers,
    headerBytes: end,
    bodyBytes: bytes.length - end,
    totalBytes: bytes.length,
  };
}

/** The request text for a GET with the given headers (Connection: close). */
export function rawGetRequest(
  url: URL,
  headers: Record<string, string>,
): string {
  const lines = [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    "Connection: close",
  ];
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** Fetches a URL over plain TCP and counts the response's bytes. */
export async function wireBytes(
  url: string,
  headers: Record<string, string> = {},
): Promise<WireResponse> {
  const u = new URL(url);
  const conn = await Deno.connect({
    hostname: u.hostname,
    port: Number(u.port || 80),
  });
  try {
    await conn.write(new TextEncoder().encode(rawGetRequest(u, headers)));
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(64 * 1024);
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      chunks.push(buf.slice(0, n));
    }
    const all = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return parseRawResponse(all);
  } finally {
    try {
      conn.close();
    } catch {
      // closed by the server already
    }
  }
}
