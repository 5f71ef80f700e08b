-- Each visit (one signaling connection) is its own row, so closing one
-- connection never ends another connection's visit of the same user.
ALTER TABLE attendance ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE attendance ADD CONSTRAINT attendance_pkey PRIMARY KEY (id);
