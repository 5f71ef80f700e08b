-- Accounts are stored, unique, looked up and throttled under one spelling of
-- their e-mail address, normalizeEmail()'s (lib/auth/email.ts): the database
-- no longer folds case itself, since its lower() depends on the server's
-- locale. Registration accepted ASCII addresses only, for which lower() is
-- the same mapping, so the old lower(email) index gives way to one on email.
UPDATE users SET email = lower(email) WHERE email <> lower(email);
CREATE UNIQUE INDEX users_email_key ON users (email);
DROP INDEX users_email_lower_key;

-- Throttling counts per (account, address) pair, per account and per address,
-- remembers the addresses an account signed in from ('known') and counts
-- registrations per address ('register', whose failures are registrations).
-- Each counter has its own window length; existing rows keep 15 minutes.
ALTER TABLE login_throttle DROP CONSTRAINT login_throttle_scope_check;
ALTER TABLE login_throttle ADD CONSTRAINT login_throttle_scope_check
  CHECK (scope IN ('pair', 'account', 'address', 'known', 'register'));
ALTER TABLE login_throttle
  ADD COLUMN window_seconds integer NOT NULL DEFAULT 900
  CHECK (window_seconds >= 0);
