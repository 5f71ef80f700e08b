// Which new passwords are refused beyond their length: the common ones that
// guessing lists start with, and ones built from the account's own e-mail or
// name. The list is zxcvbn-ts's common-password dictionary (about 49,000
// entries, lowercase), shipped in the package and checked offline.
import { dictionary } from "@zxcvbn-ts/language-common";

const COMMON = new Set(dictionary["passwords-common"]);
// Shorter parts of an e-mail or name (e.g. "al") would refuse too much.
const MIN_PART_LENGTH = 3;

/** What the password of a new account is checked against. */
export interface PasswordContext {
  email: string;
  username: string;
}

/** Why a password is refused: its catalogue message. */
export type PasswordProblem =
  | "error.password.common"
  | "error.password.email"
  | "error.password.name";

/**
 * Why a new password is refused, or null when it is acceptable: it is on the
 * common-password list (in any case), or it contains the e-mail address's
 * local part or the name (in any case, ignoring spaces in the name).
 */
export function passwordProblem(
  password: string,
  context: PasswordContext,
): PasswordProblem | null {
  const folded = fold(password);
  if (COMMON.has(folded)) return "error.password.common";
  const local = fold(context.email.split("@")[0] ?? "");
  if (local.length >= MIN_PART_LENGTH && folded.includes(local)) {
    return "error.password.email";
  }
  const name = fold(context.username).replace(/\s+/g, "");
  if (
    name.length >= MIN_PART_LENGTH && folded.replace(/\s+/g, "").includes(name)
  ) {
    return "error.password.name";
  }
  return null;
}

function fold(text: string): string {
  return text.normalize("NFKC").toLowerCase().trim();
}
