// Facts about the client that a reverse proxy hides: its address and whether
// it came over HTTPS.
import type { Config } from "@/lib/config.ts";

/**
 * The client's address: the connection's peer, or, behind
 * `TRUST_PROXY_HOPS` proxies, the X-Forwarded-For entry the outermost
 * trusted proxy saw. Entries further left can be forged by the client.
 */
export function clientAddress(
  req: Request,
  peer: string,
  config: Pick<Config, "trustProxyHops">,
): string {
  if (config.trustProxyHops === 0) return peer;
  const chain = (req.headers.get("x-forwarded-for") ?? "").split(",").map((s) =>
    s.trim()
  ).filter(Boolean);
  return chain[chain.length - config.trustProxyHops] ?? chain[0] ?? peer;
}

/** True when the browser talks HTTPS: directly, or to a proxy at an https APP_ORIGIN. */
export function isHttps(
  req: Request,
  config: Pick<Config, "appOrigin">,
): boolean {
  return new URL(req.url).protocol === "https:" ||
    (config.appOrigin?.startsWith("https:") ?? false);
}
