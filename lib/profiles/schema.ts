// The profile form's fields, checked at the edge: a headline, a bio, and
// subjects and languages typed as comma-separated lists.
import { z } from "zod";
import { issue } from "@/lib/http/validate.ts";

/** Longest headline, in characters. */
export const HEADLINE_MAX = 120;
/** Longest bio, in characters. */
export const BIO_MAX = 2000;
/** Most subjects or languages a teacher lists. */
export const LIST_MAX = 10;
/** Longest subject or language name. */
export const LABEL_MAX = 40;

// The messages of a list of subjects or of languages.
const LIST_MESSAGES = {
  subject: {
    long: "error.profile.subjectTooLong",
    many: "error.profile.tooManySubjects",
  },
  language: {
    long: "error.profile.languageTooLong",
    many: "error.profile.tooManyLanguages",
  },
} as const;

/** A comma-separated list: trimmed, empty items dropped, duplicates merged. */
function labelList(what: keyof typeof LIST_MESSAGES) {
  const messages = LIST_MESSAGES[what];
  return z.string().max(1000, issue("error.field.tooLong")).transform((
    s,
    ctx,
  ) => {
    const seen = new Map<string, string>();
    for (const raw of s.split(",")) {
      const item = raw.trim().replace(/\s+/g, " ");
      if (item === "") continue;
      if (item.length > LABEL_MAX) {
        ctx.addIssue({
          code: "custom",
          message: issue(messages.long),
          params: { count: LABEL_MAX },
        });
        return z.NEVER;
      }
      if (!seen.has(item.toLowerCase())) seen.set(item.toLowerCase(), item);
    }
    if (seen.size > LIST_MAX) {
      ctx.addIssue({
        code: "custom",
        message: issue(messages.many),
        params: { count: LIST_MAX },
      });
      return z.NEVER;
    }
    return [...seen.values()];
  });
}

/** The profile form (all fields optional to send, empty to clear). */
export const profileFormSchema = z.object({
  headline: z.string().trim().max(
    HEADLINE_MAX,
    issue("error.field.atMostChars"),
  ).default(""),
  bio: z.string().trim().max(BIO_MAX, issue("error.field.atMostChars"))
    .default(""),
  subjects: labelList("subject").default([]),
  languages: labelList("language").default([]),
});

/** A validated profile form. */
export type ProfileInput = z.output<typeof profileFormSchema>;

/** How the discovery page orders teachers. */
export const TEACHER_SORTS = ["soonest", "name"] as const;

/**
 * The discovery page's query: search words, a language, "free this week",
 * the order and a page number.
 */
export const teacherSearchQuerySchema = z.object({
  q: z.string().max(100, issue("error.field.atMostChars")).optional(),
  language: z.string().max(LABEL_MAX, issue("error.field.atMostChars"))
    .optional(),
  // A checkbox: present ("1") or absent.
  free: z.enum(["1"]).optional(),
  sort: z.enum(TEACHER_SORTS).optional(),
  page: z.coerce.number().int().min(1).max(1000).optional(),
});
