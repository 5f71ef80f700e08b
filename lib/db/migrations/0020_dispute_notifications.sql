-- Both participants are told when an admin resolves a dispute of their lesson.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
  'booking_requested', 'booking_confirmed', 'booking_declined',
  'booking_cancelled', 'booking_expired', 'booking_rescheduled',
  'reschedule_proposed', 'reschedule_declined', 'dispute_resolved',
  'reminder', 'peer_waiting', 'password_reset', 'email_change'
));
