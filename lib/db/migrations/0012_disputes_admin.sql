-- The shared ground of fair outcomes and the admin (issue 14): a
-- participant's dispute of an outcome, disabled accounts, and the audit
-- trail of every admin action. The participants' raising of disputes and
-- the admin's resolving of them build on these tables.

-- A participant disputes a finished booking's outcome, with a reason; an
-- admin resolves it by setting the outcome, with a note. One open dispute
-- per booking.
CREATE TABLE booking_disputes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  raised_by uuid NOT NULL REFERENCES users (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users (id),
  -- The outcome the admin set (a finished status).
  resolution_status text CHECK (
    resolution_status IS NULL OR resolution_status IN
      ('completed', 'no_show', 'technical_failure', 'cancelled')
  ),
  resolution_note text CHECK (
    resolution_note IS NULL OR length(resolution_note) BETWEEN 1 AND 2000
  ),
  CONSTRAINT booking_disputes_resolved CHECK (
    (resolved_at IS NULL AND resolved_by IS NULL AND resolution_status IS NULL
      AND resolution_note IS NULL)
    OR (resolved_at IS NOT NULL AND resolved_by IS NOT NULL
      AND resolution_status IS NOT NULL AND resolution_note IS NOT NULL)
  )
);

CREATE UNIQUE INDEX booking_disputes_one_open
  ON booking_disputes (booking_id) WHERE resolved_at IS NULL;
CREATE INDEX booking_disputes_open_idx
  ON booking_disputes (created_at) WHERE resolved_at IS NULL;

-- A disabled account cannot sign in; disabling ends its sessions.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

-- Every admin action: who, when, what, on which user or booking. Append-only.
CREATE TABLE admin_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  admin_id uuid NOT NULL REFERENCES users (id),
  action text NOT NULL CHECK (action ~ '^[a-z_.]{1,60}$'),
  target_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  target_booking_id uuid REFERENCES bookings (id) ON DELETE SET NULL,
  details jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX admin_audit_at_idx ON admin_audit (at DESC, id DESC);

CREATE FUNCTION admin_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'admin_audit is append-only';
END;
$$;

CREATE TRIGGER admin_audit_append_only
BEFORE UPDATE OR DELETE ON admin_audit
FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only();
