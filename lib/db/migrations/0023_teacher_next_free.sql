-- Discovery (issue 16): each teacher's next bookable time, computed from
-- their weekly hours, date overrides, one-off slots and bookings by the
-- `teachers.next_free` job (and after the teacher saves their hours), so
-- /teachers can filter by "free this week" and sort by it without
-- computing every teacher's calendar on each read.

CREATE TABLE teacher_next_free (
  teacher_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  -- NULL: nothing bookable within the scanned weeks.
  next_free_at timestamptz,
  computed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX teacher_next_free_at ON teacher_next_free (next_free_at);
