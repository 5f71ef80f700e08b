-- Weekly availability (issue 14): a teacher's weekly hours and date
-- overrides, in the teacher's time zone (users.time_zone); the lesson rules
-- and policies are the row of teacher_schedules (0010).
--
-- One-off slots stay in `slots`: they are the model's one-off extra
-- availability (a time offered as published, outside the weekly hours), and
-- their bookings and history are untouched. Automatic confirmation lives in
-- teacher_schedules.requires_confirmation (copied there by 0010), so
-- users.auto_confirm goes.

-- Weekly hours: [start_minute, end_minute) on a weekday, minutes since local
-- midnight. Several per weekday; never overlapping.
CREATE TABLE availability_weekly (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  teacher_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute smallint NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute smallint NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  CONSTRAINT availability_weekly_nonempty CHECK (start_minute < end_minute),
  CONSTRAINT availability_weekly_no_overlap EXCLUDE USING gist (
    teacher_id WITH =,
    weekday WITH =,
    int4range(start_minute, end_minute, '[)') WITH &&
  )
);

-- A date's own hours, replacing the weekday's: a JSON list of
-- {"start": minutes, "end": minutes}; an empty list is a day off.
CREATE TABLE availability_overrides (
  teacher_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  date date NOT NULL,
  intervals jsonb NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(intervals) = 'array'),
  PRIMARY KEY (teacher_id, date)
);

ALTER TABLE users DROP COLUMN auto_confirm;

-- The computed times read a teacher's active bookings in a range.
CREATE INDEX bookings_teacher_blocked_idx ON bookings (teacher_id, blocked_from)
  WHERE status IN ('pending', 'confirmed');
