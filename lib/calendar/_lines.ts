// iCalendar content lines (RFC 5545 section 3.1): text escaping, parameter
// quoting, UTC date-times and folding at 75 octets. Only this folder uses it.

const encoder = new TextEncoder();

/** Longest line in octets, CRLF excluded (RFC 5545 section 3.1). */
const MAX_OCTETS = 75;

// Control characters other than HTAB are not allowed in any value.
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** A TEXT value: backslash, semicolon, comma and newlines escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n")
    .replace(CONTROL, "");
}

/**
 * A parameter value (such as CN): always quoted, so `:`, `;` and `,` are
 * safe; a double quote cannot be escaped in iCalendar, so it becomes a
 * single one.
 */
export function paramValue(value: string): string {
  return `"${
    value.replace(/\r\n?|\n/g, " ").replace(/"/g, "'").replace(CONTROL, "")
  }"`;
}

/** A URI value (mailto:, https:) with no character that could end the line. */
export function uriValue(value: string): string {
  return value.replace(/[\r\n]/g, "").replace(CONTROL, "");
}

/** A DATE-TIME in UTC: `20261201T100000Z`. */
export function utcDateTime(at: Date | string): string {
  const iso = new Date(at).toISOString();
  return iso.slice(0, 19).replace(/[-:]/g, "") + "Z";
}

/**
 * Folds one content line: no line longer than 75 octets, each continuation
 * starting with a space, and never a break inside a UTF-8 character.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (MAX_OCTETS < octets + size) {
      out.push(current);
      // The leading space of a continuation line counts too.
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n");
}

/** Joins content lines into an iCalendar object: folded, CRLF after each. */
export function joinLines(lines: string[]): string {
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
