// Input limits shared by the zod schemas at the edge and the forms that show
// them (maxlength), so a limit is written once.

/** Longest booking notes, in characters. */
export const NOTES_MAX_LENGTH = 2000;
/** Longest reason for cancelling or declining a booking, in characters. */
export const REASON_MAX_LENGTH = 500;
/** Longest e-mail address (RFC 5321's path limit), in characters. */
export const EMAIL_MAX_LENGTH = 254;
/** Longest IANA time-zone name the app stores, in characters. */
export const TIME_ZONE_MAX_LENGTH = 64;
