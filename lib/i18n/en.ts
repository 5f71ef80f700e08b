// English: the complete catalogue. Its keys are every message's key; another
// language is a `Catalogue` (lib/i18n/messages.ts) with the same keys.
// Placeholders are `{name}`; a plural message has one form per
// Intl.PluralRules category and gets `{count}`. The messages live in one file
// per part of the product (lib/i18n/en/); a key is unique across them all.
import { account } from "@/lib/i18n/en/account.ts";
import { admin } from "@/lib/i18n/en/admin.ts";
import { booking } from "@/lib/i18n/en/booking.ts";
import { common } from "@/lib/i18n/en/common.ts";
import { email } from "@/lib/i18n/en/email.ts";
import { errors } from "@/lib/i18n/en/errors.ts";
import { room } from "@/lib/i18n/en/room.ts";
import { teachers } from "@/lib/i18n/en/teachers.ts";

/** Each part's messages, to check that no key is in two of them. */
export const parts = {
  account,
  admin,
  booking,
  common,
  email,
  errors,
  room,
  teachers,
} as const;

export const en = {
  ...common,
  ...account,
  ...admin,
  ...booking,
  ...email,
  ...errors,
  ...room,
  ...teachers,
} as const;
