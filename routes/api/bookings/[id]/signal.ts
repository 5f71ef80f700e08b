import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "@/lib/context.ts";
import {
  getBooking,
  isParticipant,
  roomState,
} from "@/lib/bookings/service.ts";
import { activeSessionIds } from "@/lib/auth/session.ts";
import { getUserById, type User } from "@/lib/auth/users.ts";
import {
  AppError,
  BadRequestError,
  errorResponse,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
} from "@/lib/errors.ts";
import { verifySignalTicket } from "@/lib/signaling/ticket.ts";
import {
  assertRoomOpen,
  UpgradeRequiredError,
} from "@/lib/signaling/admission.ts";
import type { SocketSlot } from "@/lib/signaling/guard.ts";
import { logEvent } from "@/lib/log.ts";
import { refusedUpgrades } from "@/lib/metrics.ts";
import type { State } from "@/lib/http/api.ts";

// Every check happens here, before the upgrade; a refused client gets a plain
// HTTP status and never a socket.
export async function handler(
  req: Request,
  ctx: FreshContext<State>,
): Promise<Response> {
  const { db, config, jwtSecret, signaling } = appContext();
  const bookingId = ctx.params.id;
  let user: User | null = ctx.state.user;

  const refuse = (err: AppError, reason: string) => {
    logEvent("signal.refused", {
      status: err.status,
      reason,
      booking: bookingId,
      user: user?.id,
      request: ctx.state.requestId,
      client: ctx.state.clientAddress,
    });
    refusedUpgrades.inc({ reason });
    const response = errorResponse(err);
    response.headers.set("cache-control", "no-store");
    return response;
  };

  if (
    req.method !== "GET" ||
    req.headers.get("upgrade")?.toLowerCase() !== "websocket"
  ) {
    return refuse(new UpgradeRequiredError(), "not websocket");
  }
  // What Deno.upgradeWebSocket would throw on, answered as bad input.
  if (
    !req.headers.get("sec-websocket-key") ||
    !/(^|,)\s*upgrade\s*(,|$)/i.test(req.headers.get("connection") ?? "")
  ) {
    return refuse(
      new BadRequestError(
        "Invalid WebSocket upgrade: Connection and Sec-WebSocket-Key are required",
      ),
      "bad upgrade",
    );
  }

  let sessionId = ctx.state.sessionId;
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
  if (!user) {
    return refuse(
      new UnauthorizedError("Sign in to join the call"),
      "no session",
    );
  }

  // Cookies ride along on cross-site WebSocket upgrades, so the Origin must
  // be ours. A ticket is not ambient authority: a client using one may lack
  // an Origin (native apps), but a browser's must still match.
  const origin = req.headers.get("origin");
  const expected = config.appOrigin ?? ctx.url.origin;
  if ((origin !== null || !viaTicket) && origin !== expected) {
    return refuse(
      new ForbiddenError("Cross-origin WebSocket refused"),
      "origin",
    );
  }

  try {
    signaling.guard.chargeAttempt(user.id);
  } catch (err) {
    if (err instanceof AppError) return refuse(err, "reconnect budget");
    throw err;
  }

  const booking = await getBooking(db, bookingId);
  if (!booking) {
    return refuse(new NotFoundError("Booking not found"), "no booking");
  }
  if (!isParticipant(booking, user.id)) {
    return refuse(
      new ForbiddenError("This booking is not yours"),
      "not participant",
    );
  }
  try {
    assertRoomOpen(booking);
  } catch (err) {
    if (err instanceof AppError) {
      return refuse(err, `room ${roomState(booking).state}`);
    }
    throw err;
  }
  const address = ctx.state.clientAddress;
  let slot: SocketSlot;
  try {
    slot = signaling.admit(user.id, address);
  } catch (err) {
    if (err instanceof AppError) return refuse(err, "capacity");
    throw err;
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
      address,
      requestId: ctx.state.requestId,
    }, slot);
    return response;
  } catch (err) {
    slot.release();
    throw err;
  }
}
