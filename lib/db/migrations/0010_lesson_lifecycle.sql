-- The shared ground of the lesson-lifecycle work (issue 14): teachers' lesson
-- rules and policies, bookings by time with buffers, the new outcome columns,
-- and the append-only booking history. The weekly intervals and date
-- overrides have their own migration.

-- One row per teacher; a teacher without a row has the defaults below.
CREATE TABLE teacher_schedules (
  teacher_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  lesson_lengths integer[] NOT NULL DEFAULT '{30,45,60}',
  grid_minutes integer NOT NULL DEFAULT 30 CHECK (grid_minutes IN (15, 30)),
  buffer_before_minutes integer NOT NULL DEFAULT 0
    CHECK (buffer_before_minutes BETWEEN 0 AND 1440),
  buffer_after_minutes integer NOT NULL DEFAULT 0
    CHECK (buffer_after_minutes BETWEEN 0 AND 1440),
  min_notice_minutes integer NOT NULL DEFAULT 720
    CHECK (min_notice_minutes BETWEEN 0 AND 43200),
  horizon_days integer NOT NULL DEFAULT 56 CHECK (horizon_days BETWEEN 1 AND 366),
  requires_confirmation boolean NOT NULL DEFAULT true,
  request_expiry_hours integer NOT NULL DEFAULT 24
    CHECK (request_expiry_hours BETWEEN 1 AND 720),
  cancellation_window_hours integer NOT NULL DEFAULT 12
    CHECK (cancellation_window_hours BETWEEN 0 AND 720),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT teacher_schedules_lengths CHECK (
    cardinality(lesson_lengths) BETWEEN 1 AND 8
    AND 10 <= ALL (lesson_lengths) AND 240 >= ALL (lesson_lengths)
  )
);

-- Teachers who auto-confirmed keep doing so.
INSERT INTO teacher_schedules (teacher_id, requires_confirmation)
SELECT id, NOT auto_confirm FROM users WHERE role = 'teacher';

-- A booking by time has no slot.
ALTER TABLE bookings ALTER COLUMN slot_id DROP NOT NULL;

ALTER TABLE bookings DROP CONSTRAINT bookings_status_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_status_check CHECK (
  status IN ('pending', 'confirmed', 'cancelled', 'completed', 'no_show',
             'technical_failure')
);

ALTER TABLE bookings
  ADD COLUMN late_cancellation boolean NOT NULL DEFAULT false,
  ADD COLUMN actual_duration_seconds integer
    CHECK (actual_duration_seconds IS NULL OR actual_duration_seconds >= 0),
  ADD COLUMN rescheduled_from timestamptz,
  -- The teacher's buffers when the booking was made: the time they block.
  ADD COLUMN buffer_before_minutes integer NOT NULL DEFAULT 0
    CHECK (buffer_before_minutes BETWEEN 0 AND 1440),
  ADD COLUMN buffer_after_minutes integer NOT NULL DEFAULT 0
    CHECK (buffer_after_minutes BETWEEN 0 AND 1440),
  ADD COLUMN blocked_from timestamptz,
  ADD COLUMN blocked_until timestamptz;

-- blocked_from/until are start/end widened by the buffers, kept by a trigger
-- (an index expression cannot do timestamptz arithmetic: it is not immutable).
CREATE FUNCTION bookings_blocked_range() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.blocked_from := NEW.start_at - make_interval(mins => NEW.buffer_before_minutes);
  NEW.blocked_until := NEW.end_at + make_interval(mins => NEW.buffer_after_minutes);
  RETURN NEW;
END;
$$;

CREATE TRIGGER bookings_blocked_range
BEFORE INSERT OR UPDATE OF start_at, end_at, buffer_before_minutes, buffer_after_minutes
ON bookings FOR EACH ROW EXECUTE FUNCTION bookings_blocked_range();

UPDATE bookings SET blocked_from = start_at, blocked_until = end_at;
ALTER TABLE bookings ALTER COLUMN blocked_from SET NOT NULL;
ALTER TABLE bookings ALTER COLUMN blocked_until SET NOT NULL;

-- A teacher's active bookings may not overlap, buffers included.
ALTER TABLE bookings DROP CONSTRAINT bookings_teacher_no_overlap;
ALTER TABLE bookings ADD CONSTRAINT bookings_teacher_no_overlap EXCLUDE USING gist (
  teacher_id WITH =,
  tstzrange(blocked_from, blocked_until, '[)') WITH &&
) WHERE (status IN ('pending', 'confirmed'));

-- Who did what to a booking, when, from which status to which. Append-only.
CREATE TABLE booking_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  -- NULL: the system (the scheduler, a migration).
  actor_id uuid REFERENCES users (id),
  kind text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
  from_status text,
  to_status text,
  details jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX booking_events_booking_idx ON booking_events (booking_id, id);

CREATE FUNCTION booking_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'booking_events is append-only';
END;
$$;

CREATE TRIGGER booking_events_append_only
BEFORE UPDATE OR DELETE ON booking_events
FOR EACH ROW EXECUTE FUNCTION booking_events_append_only();

-- The history before this migration: one event for where each booking stands.
INSERT INTO booking_events (booking_id, at, actor_id, kind, to_status, details)
SELECT id, created_at, NULL, 'imported', status, '{"note": "before the history was kept"}'
FROM bookings;
