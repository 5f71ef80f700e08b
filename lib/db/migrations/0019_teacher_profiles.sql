-- Teacher profiles (issue 16): what a student reads before booking, and the
-- teacher's photo, re-encoded to fixed square sizes and kept by content hash.

CREATE TABLE teacher_profiles (
  teacher_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  headline text NOT NULL DEFAULT '' CHECK (length(headline) <= 120),
  bio text NOT NULL DEFAULT '' CHECK (length(bio) <= 2000),
  -- Short labels; each at most 40 characters (checked at the edge; the
  -- joined length bounds them here).
  subjects text[] NOT NULL DEFAULT '{}' CHECK (
    cardinality(subjects) <= 10
    AND length(array_to_string(subjects, '')) <= 400
  ),
  languages text[] NOT NULL DEFAULT '{}' CHECK (
    cardinality(languages) <= 10
    AND length(array_to_string(languages, '')) <= 400
  ),
  -- The current photo: content hashes of its small and large renditions.
  photo_small text,
  photo_large text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Photo renditions, addressed by the SHA-256 of their bytes (hex).
CREATE TABLE teacher_photos (
  content_hash text PRIMARY KEY CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  teacher_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  size integer NOT NULL CHECK (size IN (96, 320)),
  mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
  bytes bytea NOT NULL CHECK (length(bytes) <= 1048576),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teacher_photos_teacher ON teacher_photos (teacher_id);
