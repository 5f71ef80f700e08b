// Teacher profiles in the database: read for the teacher's page, written by
// the teacher from /account/profile.
import type { Queryable } from "@/lib/db/connection.ts";
import type { ProfileInput } from "@/lib/profiles/schema.ts";

/** What a teacher says about themselves; empty values when never set. */
export interface TeacherProfile {
  teacher_id: string;
  headline: string;
  bio: string;
  subjects: string[];
  languages: string[];
  /** Content hashes of the photo's renditions; null without a photo. */
  photo_small: string | null;
  photo_large: string | null;
}

/** The profile of a user, or an empty one when none was saved. */
export async function getProfile(
  db: Queryable,
  teacherId: string,
): Promise<TeacherProfile> {
  const [row] = await db.query<TeacherProfile>(
    `SELECT teacher_id, headline, bio, subjects, languages, photo_small,
            photo_large
     FROM teacher_profiles WHERE teacher_id = $1`,
    [teacherId],
  );
  return row ?? {
    teacher_id: teacherId,
    headline: "",
    bio: "",
    subjects: [],
    languages: [],
    photo_small: null,
    photo_large: null,
  };
}

/** Saves a teacher's headline, bio, subjects and languages (the photo stays). */
export async function saveProfile(
  db: Queryable,
  teacherId: string,
  input: ProfileInput,
): Promise<void> {
  await db.query(
    `INSERT INTO teacher_profiles (teacher_id, headline, bio, subjects, languages)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (teacher_id) DO UPDATE SET
       headline = EXCLUDED.headline, bio = EXCLUDED.bio,
       subjects = EXCLUDED.subjects, languages = EXCLUDED.languages,
       updated_at = now()`,
    [teacherId, input.headline, input.bio, input.subjects, input.languages],
  );
}
