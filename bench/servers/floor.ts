// The floor of a signed-in booking page: Deno.serve + postgres.js doing one
// booking page's unavoidable database work and nothing else, answered as
// JSON. Per request, as Talkroom does it (lib/auth/session.ts, routes/
// _middleware.ts, lib/bookings/queries.ts):
//   1. the session cookie's HS256 JWT verified with jose (issuer, audience,
//      required claims; the HMAC key imported once),
//   2. the live session and its user in one query (the app's SQL),
//   3. the booking with its participants' names and attendance evidence
//      (the app's BOOKING_SELECT, the same text as the page's main query),
//      then the participant check.
// No rendering, no routing table, no middleware chain: what is left when a
// page does only what it must. The same pool size and connection settings
// as the app (lib/db/connection.ts), prepared statements included (as
// postgres.js's tagged templates are). GET /bookings/<id> only.
//
// Environment: DATABASE_URL, DATABASE_SCHEMA, JWT_SECRET, PORT (0 = any).
import postgres from "postgres";
import { jwtVerify } from "jose";
import { BOOKING_SELECT } from "@/lib/bookings/_rows.ts";
import { USER_COLUMNS } from "@/lib/auth/users.ts";

// Named statements, parsed and planned once per connection (as the app).
const PREPARED = { prepare: true };

const env = (name: string) => {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const schema = Deno.env.get("DATABASE_SCHEMA");
const connection: Record<string, string> = {
  statement_timeout: "10000",
  application_name: "talkroom_floor",
};
if (schema) {
  connection.search_path = `"${schema.replaceAll('"', '""')}", public`;
}
const sql = postgres(env("DATABASE_URL"), {
  max: 10,
  onnotice: () => {},
  connection,
});

const key = await crypto.subtle.importKey(
  "raw",
  new TextEncoder().encode(env("JWT_SECRET")),
  { name: "HMAC", hash: "SHA-256" },
  false,
  ["verify"],
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SESSION_SQL = `SELECT ${
  USER_COLUMNS.split(", ").map((c) => `u.${c}`).join(", ")
}
  FROM sessions s JOIN users u ON u.id = s.user_id
 WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
   AND u.disabled_at IS NULL`;
const BOOKING_SQL = `${BOOKING_SELECT} WHERE b.id = $1`;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "private, no-store",
    },
  });

function sessionToken(req: Request): string | null {
  const cookie = req.headers.get("cookie");
  if (!cookie) return null;
  for (const part of cookie.split(";")) {
    const eq = part.indexOf("=");
    if (part.slice(0, eq).trim() === "talkroom_session") {
      return part.slice(eq + 1).trim();
    }
  }
  return null;
}

async function handle(req: Request): Promise<Response> {
  const { pathname } = new URL(req.url);
  const id = /^\/bookings\/([^/]+)$/.exec(pathname)?.[1];
  if (req.method !== "GET" || !id) return json(404, { error: "Not found" });
  const token = sessionToken(req);
  if (!token || token.length > 4096) return json(401, { error: "Sign in" });
  let sub: unknown, jti: unknown;
  try {
    ({ payload: { sub, jti } } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: "talkroom",
      audience: "talkroom",
      requiredClaims: ["sub", "jti", "exp", "iat"],
    }));
  } catch {
    return json(401, { error: "Sign in" });
  }
  if (
    typeof sub !== "string" || typeof jti !== "string" || !UUID.test(sub) ||
    !UUID.test(jti)
  ) {
    return json(401, { error: "Sign in" });
  }
  const [user] = await sql.unsafe(SESSION_SQL, [jti, sub], PREPARED);
  if (!user) return json(401, { error: "Sign in" });
  if (!UUID.test(id)) return json(404, { error: "Booking not found" });
  const [booking] = await sql.unsafe(BOOKING_SQL, [id], PREPARED);
  if (!booking) return json(404, { error: "Booking not found" });
  if (booking.student_id !== user.id && booking.teacher_id !== user.id) {
    return json(403, { error: "This booking is not yours" });
  }
  return json(200, { user, booking });
}

Deno.serve({
  port: Number(Deno.env.get("PORT") ?? 0),
  hostname: "127.0.0.1",
  onListen: ({ port }) => console.log(`Listening on http://127.0.0.1:${port}/`),
}, handle);
