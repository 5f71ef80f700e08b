-- The lesson record (issue 15): the call's chat kept with the booking, and
-- the teacher's notes and homework.

-- Every chat message of a booking, in the order the server stored them
-- (seq counts from 1 per booking). The sender's own id for the message
-- (client_id) makes a resend after a dropped connection a no-op.
CREATE TABLE booking_messages (
  booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq > 0),
  author_id uuid NOT NULL REFERENCES users (id),
  client_id text NOT NULL CHECK (client_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (booking_id, seq),
  CONSTRAINT booking_messages_once UNIQUE (booking_id, author_id, client_id)
);

-- The teacher's notes and homework of one lesson, one row per booking.
CREATE TABLE lesson_notes (
  booking_id uuid PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  homework text NOT NULL DEFAULT '' CHECK (length(homework) <= 10000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid NOT NULL REFERENCES users (id)
);
