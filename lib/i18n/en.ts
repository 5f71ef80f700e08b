// English: the complete catalogue. Its keys are every message's key; another
// language is a `Catalogue` (lib/i18n/messages.ts) with the same keys.
// Placeholders are `{name}`; a plural message has one form per
// Intl.PluralRules category and gets `{count}`. The messages live in one file
// per part of the product (lib/i18n/en/); a key is unique across them all.
import { common } from "@/lib/i18n/en/common.ts";

/** Each part's messages, to check that no key is in two of them. */
export const parts = { common } as const;

export const en = {
  ...common,
} as const;
