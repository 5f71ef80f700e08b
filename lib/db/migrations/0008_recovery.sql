-- Account recovery and e-mail changes are throttled in login_throttle too:
-- password-reset requests per e-mail address asked for ('reset_account', the
-- address as normalizeEmail() spells it, whether or not an account has it) and
-- per client address ('reset_address'), and e-mail change requests per
-- account ('email_change', the user id). Counts are requests, not failures.
ALTER TABLE login_throttle DROP CONSTRAINT login_throttle_scope_check;
ALTER TABLE login_throttle ADD CONSTRAINT login_throttle_scope_check
  CHECK (scope IN ('pair', 'account', 'address', 'known', 'register',
                   'reset_account', 'reset_address', 'email_change'));
