// Finding teachers: by name, subject or headline words, filtered by a
// language they speak, in pages ordered by name.
import type { Queryable } from "@/lib/db/connection.ts";

/** A teacher as the discovery list shows them. */
export interface TeacherCard {
  id: string;
  username: string;
  headline: string;
  subjects: string[];
  languages: string[];
  photo_small: string | null;
}

/** What to look for; empty values match everyone. */
export interface TeacherSearch {
  /** Part of the name, a subject or the headline. */
  q?: string | null;
  /** A language spoken (whole name, any case). */
  language?: string | null;
  /** 1-based page number. */
  page?: number;
  limit?: number;
}

// LIKE's wildcards typed by the user match themselves.
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of active teachers matching the search, and whether more follow. */
export async function searchTeachers(
  db: Queryable,
  search: TeacherSearch,
): Promise<{ items: TeacherCard[]; more: boolean }> {
  const limit = search.limit ?? 12;
  const page = search.page ?? 1;
  const q = search.q?.trim() ? `%${likeEscape(search.q.trim())}%` : null;
  const language = search.language?.trim() || null;
  const rows = await db.query<TeacherCard>(
    `SELECT u.id, u.username, coalesce(p.headline, '') AS headline,
            coalesce(p.subjects, '{}') AS subjects,
            coalesce(p.languages, '{}') AS languages, p.photo_small
     FROM users u LEFT JOIN teacher_profiles p ON p.teacher_id = u.id
     WHERE u.role = 'teacher' AND u.disabled_at IS NULL
       AND ($1::text IS NULL OR u.username ILIKE $1 OR p.headline ILIKE $1
            OR EXISTS (SELECT 1 FROM unnest(p.subjects) s WHERE s ILIKE $1))
       AND ($2::text IS NULL
            OR EXISTS (SELECT 1 FROM unnest(p.languages) l
                       WHERE lower(l) = lower($2)))
     ORDER BY lower(u.username), u.id
     LIMIT $3 OFFSET $4`,
    [q, language, limit + 1, (page - 1) * limit],
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
