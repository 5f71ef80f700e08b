import type { FreshContext } from "$fresh/server.ts";
import type { Booking } from "@/lib/bookings/model.ts";
import { activeSessionIds } from "@/lib/auth/session.ts";
import { getUserById, type User } from "@/lib/auth/users.ts";
import {
  AppError,
  BadRequestError,
  errorResponse,
  ForbiddenError,
  msg,
  UnauthorizedError,
} from "@/lib/errors.ts";
import { verifySignalTicket } from "@/lib/signaling/ticket.ts";
import {
  enterRoom,
  RoomClosedError,
  UpgradeRequiredError,
} from "@/lib/signaling/admission.ts";
import type { SocketSlot } from "@/lib/signaling/guard.ts";
import { logEvent } from "@/lib/log.ts";
import { refusedUpgrades } from "@/lib/metrics.ts";
import type { State } from "@/lib/http/api.ts";

// Every check happens here, before the upgrade; a refused client gets a plain
// HTTP status (the app's error response) and never a socket.
export async function handler(
  req: Request,
  ctx: FreshContext<State>,
): Promise<Response> {
  const { db, config, jwtSecret, signaling } = ctx.state;
  const bookingId = ctx.params.id;
  let user: User | null = ctx.state.user;
  let sessionId = ctx.state.sessionId;
  let booking: Booking | null = null;
  let slot: SocketSlot;
  // The check under way: the refusal's label in the log and the metric.
  let reason = "not websocket";

  try {
    if (
      req.method !== "GET" ||
      req.headers.get("upgrade")?.toLowerCase() !== "websocket"
    ) {
      throw new UpgradeRequiredError();
    }
    reason = "bad upgrade";
    // What Deno.upgradeWebSocket would throw on, answered as bad input.
    if (
      !req.headers.get("sec-websocket-key") ||
      !/(^|,)\s*upgrade\s*(,|$)/i.test(req.headers.get("connection") ?? "")
    ) {
      throw new BadRequestError(
        "Invalid WebSocket upgrade: Connection and Sec-WebSocket-Key are required",
      );
    }

    reason = "no session";
    let viaTicket = false;
    const ticket = ctx.url.searchParams.get("ticket");
    if (!user && ticket) {
      // A ticket is only as good as the session it was fetched with.
      const claims = await verifySignalTicket(jwtSecret, ticket, bookingId);
      const live = claims !== null &&
        (await activeSessionIds(db, [claims.sessionId])).has(claims.sessionId);
      user = live ? await getUserById(db, claims.userId) : null;
      sessionId = user ? claims!.sessionId : null;
      viaTicket = user !== null;
    }
    if (!user) throw new UnauthorizedError(msg("error.signInToJoin"));

    // Cookies ride along on cross-site WebSocket upgrades, so the Origin must
    // be ours. A ticket is not ambient authority: a client using one may lack
    // an Origin (native apps), but a browser's must still match.
    reason = "origin";
    const origin = req.headers.get("origin");
    const expected = config.appOrigin ?? ctx.url.origin;
    if ((origin !== null || !viaTicket) && origin !== expected) {
      throw new ForbiddenError(msg("error.crossOriginSocket"));
    }

    // Counted before the booking is read, so a reconnect loop costs no query.
    reason = "reconnect budget";
    signaling.guard.chargeAttempt(user.id);

    reason = "room";
    booking = await enterRoom(db, user, bookingId);
    reason = "capacity";
    slot = signaling.admit(user.id, ctx.state.clientAddress);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (reason === "room") reason = roomRefusalReason(err);
    logEvent("signal.refused", {
      status: err.status,
      reason,
      booking: bookingId,
      user: user?.id,
      request: ctx.state.requestId,
      client: ctx.state.clientAddress,
    });
    refusedUpgrades.inc({ reason });
    const response = errorResponse(err, ctx.state.locale);
    response.headers.set("cache-control", "no-store");
    return response;
  }

  // From here the slot is held: the hub gives it back when the socket ends;
  // if the upgrade itself fails, it goes back at once.
  try {
    const { socket, response } = Deno.upgradeWebSocket(req, {
      idleTimeout: signaling.options.idleTimeoutSeconds,
    });
    signaling.accept(socket, {
      bookingId: booking.id,
      bookingEnd: booking.end_at,
      userId: user.id,
      username: user.username,
      sessionId,
      address: ctx.state.clientAddress,
      requestId: ctx.state.requestId,
    }, slot);
    return response;
  } catch (err) {
    slot.release();
    throw err;
  }
}

/** The metric label of a refusal by enterRoom(). */
function roomRefusalReason(err: AppError): string {
  if (err instanceof RoomClosedError) return `room ${err.state}`;
  return err.status === 404 ? "no booking" : "not participant";
}
