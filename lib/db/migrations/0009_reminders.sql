-- The reminders job (lib/notifications/reminders.ts) looks every minute for
-- active bookings starting within the next 24 hours.
CREATE INDEX bookings_open_start_idx ON bookings (start_at)
  WHERE status IN ('pending', 'confirmed');
