// Short-lived tickets for clients that cannot send the session cookie on a
// WebSocket upgrade: fetched over the authenticated session, valid for one
// booking for a minute, and only while that session lives (the upgrade
// checks it).
import { jwtVerify, SignJWT } from "jose";

const AUDIENCE = "talkroom-signal";
const ISSUER = "talkroom";
/** How long a ticket is valid. */
export const TICKET_TTL_SECONDS = 60;

/** Who a valid ticket admits, and the session it was fetched with. */
export interface TicketClaims {
  userId: string;
  bookingId: string;
  sessionId: string;
}

/** Issues a ticket for one user and booking. */
export async function issueSignalTicket(
  secret: Uint8Array,
  claims: TicketClaims,
): Promise<string> {
  return await new SignJWT({ bid: claims.bookingId, sid: claims.sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(`${TICKET_TTL_SECONDS}s`)
    .sign(secret);
}

/** The claims of a valid ticket for this booking, or null for any invalid one. */
export async function verifySignalTicket(
  secret: Uint8Array,
  ticket: string,
  bookingId: string,
): Promise<TicketClaims | null> {
  try {
    const { payload } = await jwtVerify(ticket, secret, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["sub", "exp", "bid", "sid"],
    });
    if (
      payload.bid !== bookingId || typeof payload.sub !== "string" ||
      typeof payload.sid !== "string"
    ) {
      return null;
    }
    return { userId: payload.sub, bookingId, sessionId: payload.sid };
  } catch {
    return null;
  }
}
