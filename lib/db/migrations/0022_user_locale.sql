-- The account's choice of date and time format (issue 16): a locale tag such
-- as en-US or de-DE; NULL follows the browser's Accept-Language.
ALTER TABLE users ADD COLUMN locale text
  CHECK (locale IS NULL OR (length(locale) BETWEEN 2 AND 35
    AND locale ~ '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$'));
