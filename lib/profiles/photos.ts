// Teacher photos in PostgreSQL: renditions stored by content hash, the
// profile pointing at the current ones, renditions no profile uses removed.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { Rendition } from "@/lib/profiles/image.ts";

/** A stored rendition as served. */
export interface StoredPhoto {
  mime: string;
  bytes: Uint8Array;
}

const HASH = /^[0-9a-f]{64}$/;

// Drops renditions that no profile points at any more.
async function dropUnused(tx: Queryable, hashes: (string | null)[]) {
  const old = hashes.filter((h): h is string => h !== null);
  if (old.length === 0) return;
  await tx.query(
    `DELETE FROM teacher_photos p
     WHERE p.content_hash = ANY($1::text[])
       AND NOT EXISTS (
         SELECT 1 FROM teacher_profiles t
         WHERE t.photo_small = p.content_hash OR t.photo_large = p.content_hash
       )`,
    [old],
  );
}

/**
 * Makes the renditions (smallest and largest) the teacher's photo, in one
 * transaction; the previous photo's renditions go when unused.
 */
export async function setPhoto(
  db: Database,
  teacherId: string,
  renditions: Rendition[],
): Promise<void> {
  const sorted = [...renditions].sort((a, b) => a.size - b.size);
  const small = sorted[0];
  const large = sorted[sorted.length - 1];
  await db.transaction(async (tx) => {
    for (const r of sorted) {
      await tx.query(
        `INSERT INTO teacher_photos (content_hash, teacher_id, size, mime, bytes)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (content_hash) DO NOTHING`,
        [r.hash, teacherId, r.size, r.mime, r.bytes],
      );
    }
    const [before] = await tx.query<
      { photo_small: string | null; photo_large: string | null }
    >(
      `SELECT photo_small, photo_large FROM teacher_profiles
       WHERE teacher_id = $1 FOR UPDATE`,
      [teacherId],
    );
    await tx.query(
      `INSERT INTO teacher_profiles (teacher_id, photo_small, photo_large)
       VALUES ($1, $2, $3)
       ON CONFLICT (teacher_id) DO UPDATE SET photo_small = EXCLUDED.photo_small,
         photo_large = EXCLUDED.photo_large, updated_at = now()`,
      [teacherId, small.hash, large.hash],
    );
    if (before) await dropUnused(tx, [before.photo_small, before.photo_large]);
  });
}

/** Removes the teacher's photo. */
export async function removePhoto(
  db: Database,
  teacherId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.query<
      { photo_small: string | null; photo_large: string | null }
    >(
      `UPDATE teacher_profiles p SET photo_small = NULL, photo_large = NULL,
         updated_at = now()
       FROM teacher_profiles old
       WHERE p.teacher_id = $1 AND old.teacher_id = p.teacher_id
       RETURNING old.photo_small, old.photo_large`,
      [teacherId],
    );
    if (before) await dropUnused(tx, [before.photo_small, before.photo_large]);
  });
}

/** A rendition by its content hash; null when unknown or malformed. */
export async function getPhoto(
  db: Queryable,
  hash: string,
): Promise<StoredPhoto | null> {
  if (!HASH.test(hash)) return null;
  const [row] = await db.query<StoredPhoto>(
    "SELECT mime, bytes FROM teacher_photos WHERE content_hash = $1",
    [hash],
  );
  return row ? { mime: row.mime, bytes: new Uint8Array(row.bytes) } : null;
}
