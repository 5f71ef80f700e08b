-- An active booking always holds a live (not deleted) slot. A booking and a
-- delete of its slot racing on two connections both succeeded before, as
-- each checked the other's row under its own snapshot. Now a foreign key
-- ties every active booking to its slot's live key: inserting an active
-- booking of a deleted slot, or deleting a slot an active booking holds,
-- fails with a foreign key violation, and PostgreSQL's row locks for foreign
-- keys settle the race.
ALTER TABLE slots ADD COLUMN live boolean
  GENERATED ALWAYS AS (CASE WHEN deleted_at IS NULL THEN true END) STORED;
ALTER TABLE slots ADD CONSTRAINT slots_id_live_key UNIQUE (id, live);
ALTER TABLE bookings ADD COLUMN slot_live boolean
  GENERATED ALWAYS AS (
    CASE WHEN status IN ('pending', 'confirmed') THEN true END
  ) STORED;

-- Repair what the race left: the booking keeps its slot, unless the teacher
-- has since published another slot at that time; then it is cancelled.
UPDATE bookings b
SET status = 'cancelled', cancel_reason = 'The teacher removed this slot',
    cancelled_by = b.teacher_id, updated_at = now()
FROM slots s
WHERE s.id = b.slot_id AND s.deleted_at IS NOT NULL
  AND b.status IN ('pending', 'confirmed')
  AND EXISTS (
    SELECT 1 FROM slots o
    WHERE o.teacher_id = s.teacher_id AND o.id <> s.id AND o.deleted_at IS NULL
      AND tstzrange(o.start_at, o.end_at, '[)') && tstzrange(s.start_at, s.end_at, '[)')
  );
UPDATE slots s SET deleted_at = NULL
WHERE s.deleted_at IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM bookings b
    WHERE b.slot_id = s.id AND b.status IN ('pending', 'confirmed')
  );

ALTER TABLE bookings ADD CONSTRAINT bookings_slot_live_fkey
  FOREIGN KEY (slot_id, slot_live) REFERENCES slots (id, live);
