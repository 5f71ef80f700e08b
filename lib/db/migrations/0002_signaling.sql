-- Signaling messages too large for a NOTIFY payload travel through this table;
-- the NOTIFY carries only the row id. Rows are deleted after a minute.
CREATE TABLE signal_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payload text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX signal_messages_created_idx ON signal_messages (created_at);
