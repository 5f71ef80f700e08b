// Validation of client messages before anything is relayed.
import { z } from "zod";
import {
  type ClientMessage,
  MAX_CHAT_LENGTH,
} from "@/lib/signaling/protocol.ts";

// SDP and candidates are bounded well below the frame limit; a real offer
// with several media sections is a few kilobytes.
const sdp = z.string().min(1).max(60_000);

const candidate = z.object({
  candidate: z.string().max(2_000),
  sdpMid: z.string().max(64).nullish(),
  sdpMLineIndex: z.number().int().min(0).max(1_000).nullish(),
  usernameFragment: z.string().max(256).nullish(),
}).strip();

// Control characters other than tab and newline (C0, DEL, C1).
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

// A chat message: trimmed, not blank, bounded, printable.
const chatText = z.string().trim()
  .min(1, "Must not be blank")
  .max(MAX_CHAT_LENGTH, `At most ${MAX_CHAT_LENGTH} characters`)
  .refine((s) => !CONTROL.test(s), "Must not contain control characters");

// The sender's id for a message (a UUID from the browser).
const chatId = z.string().regex(
  /^[A-Za-z0-9_-]{1,64}$/,
  "Must be a message id",
);

// The client message schema; unknown fields are dropped, never relayed.
const clientMessageSchema: z.ZodType<ClientMessage> = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("webrtc:ready") }).strip(),
    z.object({ type: z.literal("webrtc:offer"), sdp }).strip(),
    z.object({ type: z.literal("webrtc:answer"), sdp }).strip(),
    z.object({
      type: z.literal("webrtc:ice-candidate"),
      candidate: candidate.nullable(),
    }).strip(),
    z.object({ type: z.literal("media:toggle-mic"), isMuted: z.boolean() })
      .strip(),
    z.object({ type: z.literal("media:toggle-video"), isVideoOff: z.boolean() })
      .strip(),
    z.object({ type: z.literal("media:connected") }).strip(),
    z.object({ type: z.literal("media:disconnected") }).strip(),
    z.object({ type: z.literal("booking:leave") }).strip(),
    z.object({ type: z.literal("chat:send"), id: chatId, text: chatText })
      .strip(),
  ]);

const KNOWN_TYPES = new Set([
  "webrtc:ready",
  "webrtc:offer",
  "webrtc:answer",
  "webrtc:ice-candidate",
  "media:toggle-mic",
  "media:toggle-video",
  "media:connected",
  "media:disconnected",
  "booking:leave",
  "chat:send",
]);

/** The outcome of parsing one text frame. */
export type ParseResult =
  | { ok: true; message: ClientMessage }
  | {
    ok: false;
    code: "invalid_json" | "invalid_message" | "unknown_type";
    message: string;
  };

/** Parses and validates one text frame. */
export function parseClientMessage(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      code: "invalid_json",
      message: "Message is not valid JSON",
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      ok: false,
      code: "invalid_message",
      message: "Message must be a JSON object",
    };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== "string" || !KNOWN_TYPES.has(type)) {
    return { ok: false, code: "unknown_type", message: "Unknown message type" };
  }
  const result = clientMessageSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.join(".") || "message";
    return {
      ok: false,
      code: "invalid_message",
      message: `Invalid ${type}: ${where}: ${issue.message}`,
    };
  }
  return { ok: true, message: result.data };
}
