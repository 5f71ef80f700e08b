// Finding teachers: by name, subject or headline words, filtered by a
// language they speak and by being free in the coming week, ordered by their
// next free time (kept by lib/profiles/next_free.ts) or by name, in pages.
import type { Queryable } from "@/lib/db/connection.ts";

/** A teacher as the discovery list shows them. */
export interface TeacherCard {
  id: string;
  username: string;
  headline: string;
  subjects: string[];
  languages: string[];
  photo_small: string | null;
  /** The next bookable time, as of the last refresh; null when none. */
  next_free_at: Date | null;
}

/** What to look for; empty values match everyone. */
export interface TeacherSearch {
  /** Part of the name, a subject or the headline. */
  q?: string | null;
  /** A language spoken (whole name, any case). */
  language?: string | null;
  /** Only teachers with a free time in the 7 days from `now`. */
  freeThisWeek?: boolean;
  /** "soonest": next free time first (none last), then name; "name". */
  sort?: "soonest" | "name";
  /** 1-based page number. */
  page?: number;
  limit?: number;
}

const WEEK = 7 * 86_400_000;

// LIKE's wildcards typed by the user match themselves.
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of active teachers matching the search, and whether more follow. */
export async function searchTeachers(
  db: Queryable,
  search: TeacherSearch,
  now = new Date(),
): Promise<{ items: TeacherCard[]; more: boolean }> {
  const limit = search.limit ?? 12;
  const page = search.page ?? 1;
  const q = search.q?.trim() ? `%${likeEscape(search.q.trim())}%` : null;
  const language = search.language?.trim() || null;
  // A free time already past counts as unknown until the next refresh.
  const freeUntil = search.freeThisWeek ? new Date(+now + WEEK) : null;
  const order = search.sort === "name"
    ? "lower(u.username), u.id"
    : "next_free_at NULLS LAST, lower(u.username), u.id";
  const rows = await db.query<TeacherCard>(
    `SELECT u.id, u.username, coalesce(p.headline, '') AS headline,
            coalesce(p.subjects, '{}') AS subjects,
            coalesce(p.languages, '{}') AS languages, p.photo_small,
            CASE WHEN n.next_free_at > $5 THEN n.next_free_at END
              AS next_free_at
     FROM users u LEFT JOIN teacher_profiles p ON p.teacher_id = u.id
       LEFT JOIN teacher_next_free n ON n.teacher_id = u.id
     WHERE u.role = 'teacher' AND u.disabled_at IS NULL
       AND ($1::text IS NULL OR u.username ILIKE $1 OR p.headline ILIKE $1
            OR EXISTS (SELECT 1 FROM unnest(p.subjects) s WHERE s ILIKE $1))
       AND ($2::text IS NULL
            OR EXISTS (SELECT 1 FROM unnest(p.languages) l
                       WHERE lower(l) = lower($2)))
       AND ($6::timestamptz IS NULL
            OR (n.next_free_at > $5 AND n.next_free_at < $6))
     ORDER BY ${order}
     LIMIT $3 OFFSET $4`,
    [q, language, limit + 1, (page - 1) * limit, now, freeUntil],
  );
  return { items: rows.slice(0, limit), more: rows.length > limit };
}

/** The languages teachers list, for the filter (at most 200). */
export async function listTeacherLanguages(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ language: string }>(
    `SELECT min(l) AS language
     FROM teacher_profiles p JOIN users u ON u.id = p.teacher_id,
          unnest(p.languages) l
     WHERE u.disabled_at IS NULL
     GROUP BY lower(l) ORDER BY lower(l) LIMIT 200`,
  );
  return rows.map((r) => r.language);
}
