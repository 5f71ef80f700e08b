-- The whiteboard of a booking (issue 15): each page's op log as the
-- participants saved it, merged by op id (lib/whiteboard/store.ts). The
-- lesson record draws the pages from it.
CREATE TABLE whiteboard_pages (
  booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  page smallint NOT NULL CHECK (page BETWEEN 0 AND 9),
  ops jsonb NOT NULL CHECK (jsonb_typeof(ops) = 'array'),
  -- The JSON size of ops, kept under the limit of MAX_PAGE_BYTES.
  bytes integer NOT NULL CHECK (bytes BETWEEN 0 AND 200000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (booking_id, page)
);
