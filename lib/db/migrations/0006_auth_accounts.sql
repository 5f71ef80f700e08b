-- Accounts are stored, unique, looked up and throttled under one spelling of
-- their e-mail address, normalizeEmail()'s (lib/auth/email.ts): the database
-- no longer folds case itself, since its lower() depends on the server's
-- locale. Registration accepted ASCII addresses only, for which lower() is
-- the same mapping. users_email_lower_key stays for the seed's upsert.
UPDATE users SET email = lower(email) WHERE email <> lower(email);
CREATE UNIQUE INDEX users_email_key ON users (email);

-- Throttling counts per (account, address) pair, per account and per address,
-- remembers the addresses an account signed in from, and counts
-- registrations; each counter has its own window length. Old counters (15
-- minutes at most) are dropped.
DELETE FROM login_throttle;
ALTER TABLE login_throttle DROP CONSTRAINT login_throttle_scope_check;
ALTER TABLE login_throttle ADD CONSTRAINT login_throttle_scope_check
  CHECK (scope IN ('pair', 'account', 'address', 'known', 'register'));
ALTER TABLE login_throttle RENAME COLUMN failures TO attempts;
ALTER TABLE login_throttle DROP COLUMN window_started_at;
ALTER TABLE login_throttle ADD COLUMN window_ends_at timestamptz NOT NULL;
