-- Accounts, sessions, slots, bookings and attendance.
-- Every rule that concurrent requests could break is a constraint here.

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  username text NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
  role text NOT NULL CHECK (role IN ('student', 'teacher', 'admin')),
  password_hash text NOT NULL,
  time_zone text NOT NULL DEFAULT 'UTC',
  auto_confirm boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE login_throttle (
  scope text NOT NULL CHECK (scope IN ('account', 'address')),
  key text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  window_started_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

CREATE TABLE slots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  teacher_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Deleted slots stay for the bookings that reference them.
  deleted_at timestamptz,
  CONSTRAINT slots_end_after_start CHECK (end_at > start_at),
  CONSTRAINT slots_no_overlap EXCLUDE USING gist (
    teacher_id WITH =,
    tstzrange(start_at, end_at, '[)') WITH &&
  ) WHERE (deleted_at IS NULL)
);

CREATE INDEX slots_teacher_start_idx ON slots (teacher_id, start_at);

CREATE TABLE bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slot_id uuid NOT NULL REFERENCES slots (id) ON DELETE RESTRICT,
  student_id uuid NOT NULL REFERENCES users (id),
  teacher_id uuid NOT NULL REFERENCES users (id),
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  status text NOT NULL CHECK (
    status IN ('pending', 'confirmed', 'cancelled', 'completed', 'no_show')
  ),
  notes text,
  cancel_reason text,
  cancelled_by uuid REFERENCES users (id),
  absent_user_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bookings_end_after_start CHECK (end_at > start_at),
  CONSTRAINT bookings_distinct_participants CHECK (student_id <> teacher_id),
  CONSTRAINT bookings_cancel_has_reason CHECK (
    status <> 'cancelled' OR (cancel_reason IS NOT NULL AND cancelled_by IS NOT NULL)
  ),
  CONSTRAINT bookings_teacher_no_overlap EXCLUDE USING gist (
    teacher_id WITH =,
    tstzrange(start_at, end_at, '[)') WITH &&
  ) WHERE (status IN ('pending', 'confirmed')),
  CONSTRAINT bookings_student_no_overlap EXCLUDE USING gist (
    student_id WITH =,
    tstzrange(start_at, end_at, '[)') WITH &&
  ) WHERE (status IN ('pending', 'confirmed'))
);

CREATE UNIQUE INDEX bookings_one_active_per_slot ON bookings (slot_id)
  WHERE status IN ('pending', 'confirmed');
CREATE INDEX bookings_student_start_idx ON bookings (student_id, start_at);
CREATE INDEX bookings_teacher_start_idx ON bookings (teacher_id, start_at);
CREATE INDEX bookings_open_end_idx ON bookings (end_at)
  WHERE status IN ('pending', 'confirmed');

CREATE TABLE attendance (
  booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  joined_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz,
  CONSTRAINT attendance_left_after_join CHECK (left_at IS NULL OR left_at >= joined_at)
);

CREATE INDEX attendance_booking_idx ON attendance (booking_id, user_id);
