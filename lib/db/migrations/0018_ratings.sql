-- Private post-lesson ratings (issue 16): the student of a completed lesson
-- rates it once (1 to 5 stars, an optional comment), and may change it for
-- 7 days after the first rating. Only the lesson's teacher and admins read
-- them; they are never public. The 7-day rule is checked in
-- lib/ratings/store.ts under the booking's row lock.
CREATE TABLE booking_ratings (
  -- One rating per booking.
  booking_id uuid PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
  student_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  teacher_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment text CHECK (comment IS NULL OR length(comment) BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A teacher's ratings, newest first; and everyone's for admins.
CREATE INDEX booking_ratings_teacher_idx
  ON booking_ratings (teacher_id, created_at DESC, booking_id DESC);
CREATE INDEX booking_ratings_created_idx
  ON booking_ratings (created_at DESC, booking_id DESC);
