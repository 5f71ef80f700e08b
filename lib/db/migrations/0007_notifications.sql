-- Notifications: one row per message to one user, written in the same
-- transaction as the change it reports (a transactional outbox). The row holds
-- the facts of the change (a snapshot); the in-app page and the e-mail are
-- rendered from them. The e-mail columns make the row its own delivery job.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN (
    'booking_requested', 'booking_confirmed', 'booking_declined',
    'booking_cancelled', 'booking_expired', 'booking_rescheduled',
    'reminder', 'peer_waiting', 'password_reset', 'email_change'
  )),
  booking_id uuid REFERENCES bookings (id) ON DELETE CASCADE,
  -- Set for messages that must exist at most once (a reminder per booking
  -- and kind): a second insert with the same key does nothing.
  dedupe_key text UNIQUE,
  facts jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  -- 'off': no e-mail (the user's preference, or no address to send to);
  -- 'pending': due at email_next_at; 'sent' and 'failed' are final.
  email_status text NOT NULL DEFAULT 'off'
    CHECK (email_status IN ('off', 'pending', 'sent', 'failed')),
  email_attempts integer NOT NULL DEFAULT 0,
  email_next_at timestamptz NOT NULL DEFAULT now(),
  email_last_error text,
  email_sent_at timestamptz
);

CREATE INDEX notifications_user_idx
  ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx
  ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_email_due_idx
  ON notifications (email_next_at) WHERE email_status = 'pending';

-- What a user wants e-mailed: changes to their bookings (requests,
-- confirmations, declines, cancellations, reschedules) and reminders.
-- Account mail (password reset, e-mail change) is always sent.
ALTER TABLE users
  ADD COLUMN email_changes boolean NOT NULL DEFAULT true,
  ADD COLUMN email_reminders boolean NOT NULL DEFAULT true;

-- iCalendar SEQUENCE of the booking's invite: + 1 with every change that is
-- sent to the participants.
ALTER TABLE bookings ADD COLUMN ics_sequence integer NOT NULL DEFAULT 0;

-- A private calendar feed per user: only the SHA-256 of its token is kept.
CREATE TABLE calendar_feeds (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  token_hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Single-use tokens sent by e-mail (password reset, confirming a new e-mail
-- address): only their SHA-256 is kept.
CREATE TABLE account_tokens (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('password_reset', 'email_change')),
  new_email text,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((purpose = 'email_change') = (new_email IS NOT NULL))
);

CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);
