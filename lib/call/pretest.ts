// The connection pre-test of the pre-join panel: gathers ICE candidates with
// the booking's ICE servers (no signaling, nothing reaches the other side)
// and says in plain words whether the call will get through on this network.
import type { RoomKey, RoomSay } from "@/lib/i18n/room_texts.ts";

/** ICE candidate types the test looks for. */
export type CandidateType = "host" | "srflx" | "relay";

/** What the pre-test found. */
export interface PretestResult {
  /** Candidate types gathered. */
  found: CandidateType[];
  /** Whether the call is expected to get through. */
  ok: boolean;
  /** The sentence shown to the participant. */
  message: string;
}

/** How long gathering may take before the test stops with what it has. */
export const PRETEST_TIMEOUT_MS = 6_000;

/** What the configuration offers: STUN (server-reflexive) and TURN (relay) servers. */
export function serverKinds(
  config: RTCConfiguration,
): { stun: boolean; turn: boolean } {
  const urls = (config.iceServers ?? []).flatMap((s) =>
    Array.isArray(s.urls) ? s.urls : [s.urls]
  );
  return {
    stun: urls.some((u) => /^stuns?:/i.test(u)) ||
      urls.some((u) => /^turns?:/i.test(u)),
    turn: urls.some((u) => /^turns?:/i.test(u)),
  };
}

/** Puts the gathered candidate types into words. */
export function pretestVerdict(
  found: Iterable<CandidateType>,
  config: RTCConfiguration,
  say: RoomSay,
): PretestResult {
  const types = new Set(found);
  const list = (["host", "srflx", "relay"] as const).filter((t) =>
    types.has(t)
  );
  const verdict = (ok: boolean, key: RoomKey): PretestResult => ({
    found: list,
    ok,
    message: say(key),
  });
  const { stun, turn } = serverKinds(config);
  const relayOnly = config.iceTransportPolicy === "relay";
  if (types.has("relay")) return verdict(true, "room.pretest.relayReady");
  if (turn || relayOnly) return verdict(false, "room.pretest.relayBlocked");
  if (types.has("srflx")) return verdict(true, "room.pretest.ready");
  if (stun) return verdict(false, "room.pretest.stunBlocked");
  return types.has("host")
    ? verdict(true, "room.pretest.directOnly")
    : verdict(false, "room.pretest.none");
}

/** The type of an ICE candidate line, from the field or, in older browsers, the line. */
export function candidateType(
  candidate: Pick<RTCIceCandidate, "candidate" | "type">,
): CandidateType | null {
  const type = candidate.type ?? / typ (host|srflx|prflx|relay)/.exec(
    candidate.candidate,
  )?.[1];
  return type === "host" || type === "srflx" || type === "relay" ? type : null;
}

/**
 * Gathers candidates on a throwaway peer connection and judges them; the
 * connection is closed before it resolves. Gathering ends at completion or
 * after `timeoutMs`.
 */
export async function runPretest(
  config: RTCConfiguration,
  say: RoomSay,
  timeoutMs = PRETEST_TIMEOUT_MS,
  createConnection: (c: RTCConfiguration) => RTCPeerConnection = (c) =>
    new RTCPeerConnection(c),
): Promise<PretestResult> {
  const pc = createConnection(config);
  const found = new Set<CandidateType>();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      pc.addEventListener("icecandidate", ({ candidate }) => {
        if (!candidate) {
          clearTimeout(timer);
          resolve();
          return;
        }
        const type = candidateType(candidate);
        if (type) found.add(type);
      });
      pc.createDataChannel("pretest");
      pc.setLocalDescription().catch((err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  } finally {
    pc.close();
  }
  return pretestVerdict(found, config, say);
}
