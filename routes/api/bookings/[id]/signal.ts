import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "@/lib/context.ts";
import { admitToRoom } from "@/lib/bookings/room.ts";
import { ForbiddenError, NotFoundError } from "@/lib/errors.ts";
import { getUserById, type User } from "@/lib/auth/users.ts";
import { verifySignalTicket } from "@/lib/signaling/ticket.ts";
import { CapacityError } from "@/lib/signaling/hub.ts";
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

  const refuse = (
    status: number,
    code: string,
    message: string,
    reason: string,
  ) => {
    logEvent("signal.refused", {
      status,
      reason,
      booking: bookingId,
      user: user?.id,
      request: ctx.state.requestId,
      client: ctx.state.clientAddress,
    });
    refusedUpgrades.inc({ reason });
    return Response.json({ error: { code, message } }, {
      status,
      headers: { "cache-control": "no-store" },
    });
  };

  if (
    req.method !== "GET" ||
    req.headers.get("upgrade")?.toLowerCase() !== "websocket"
  ) {
    return refuse(
      426,
      "upgrade_required",
      "This endpoint only accepts WebSocket upgrades",
      "not websocket",
    );
  }

  let sessionId = ctx.state.sessionId;
  let viaTicket = false;
  const ticket = ctx.url.searchParams.get("ticket");
  if (!user && ticket) {
    const claims = await verifySignalTicket(jwtSecret, ticket, bookingId);
    user = claims ? await getUserById(db, claims.userId) : null;
    sessionId = claims?.sessionId ?? null;
    viaTicket = user !== null;
  }
  if (!user) {
    return refuse(
      401,
      "unauthorized",
      "Sign in to join the call",
      "no session",
    );
  }

  // Cookies ride along on cross-site WebSocket upgrades, so the Origin must
  // be ours. A ticket is not ambient authority: a client using one may lack
  // an Origin (native apps), but a browser's must still match.
  const origin = req.headers.get("origin");
  const expected = config.appOrigin ?? ctx.url.origin;
  if ((origin !== null || !viaTicket) && origin !== expected) {
    return refuse(403, "forbidden", "Cross-origin WebSocket refused", "origin");
  }

  let admission;
  try {
    admission = await admitToRoom(db, user, bookingId);
  } catch (err) {
    if (err instanceof NotFoundError) {
      return refuse(404, "not_found", err.message, "no booking");
    }
    if (err instanceof ForbiddenError) {
      return refuse(403, "forbidden", err.message, "not participant");
    }
    throw err;
  }
  if (!admission.admitted) {
    return refuse(
      409,
      "room_closed",
      admission.refusal,
      `room ${admission.room.state}`,
    );
  }
  const { booking } = admission;
  const address = ctx.state.clientAddress;
  try {
    signaling.assertCapacity(user.id, address);
  } catch (err) {
    if (err instanceof CapacityError) {
      return refuse(429, "too_many_requests", err.message, "capacity");
    }
    throw err;
  }

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
  });
  return response;
}
