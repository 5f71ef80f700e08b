-- Rescheduling that keeps the booking (issue 14): one participant proposes a
-- new time, the other accepts or declines. On accept the booking itself moves
-- (same id, page, room and history). At most one open proposal per booking;
-- a proposal expires at the earlier of the two starts (expires_at).
CREATE TABLE reschedule_proposals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  proposed_by uuid NOT NULL REFERENCES users (id),
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  -- The booking's start when the proposal was made.
  previous_start_at timestamptz NOT NULL,
  -- A one-off slot the new time takes (a student's proposal of a slot time).
  slot_id uuid REFERENCES slots (id),
  expires_at timestamptz NOT NULL,
  -- open; then accepted, declined, expired, or closed (the booking was
  -- cancelled or declined while the proposal was open).
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'accepted', 'declined', 'expired', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by uuid REFERENCES users (id),
  CONSTRAINT reschedule_proposals_end_after_start CHECK (end_at > start_at),
  CONSTRAINT reschedule_proposals_decided CHECK (
    (status = 'open') = (decided_at IS NULL)
  )
);

CREATE UNIQUE INDEX reschedule_proposals_one_open
  ON reschedule_proposals (booking_id) WHERE status = 'open';
CREATE INDEX reschedule_proposals_expiry_idx
  ON reschedule_proposals (expires_at) WHERE status = 'open';
CREATE INDEX reschedule_proposals_booking_idx
  ON reschedule_proposals (booking_id, created_at);

-- The other participant is told of a proposal; the proposer of its decline.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
  'booking_requested', 'booking_confirmed', 'booking_declined',
  'booking_cancelled', 'booking_expired', 'booking_rescheduled',
  'reschedule_proposed', 'reschedule_declined',
  'reminder', 'peer_waiting', 'password_reset', 'email_change'
));

-- The expiry job finds pending requests by their start.
CREATE INDEX bookings_pending_start_idx ON bookings (start_at)
  WHERE status = 'pending';
