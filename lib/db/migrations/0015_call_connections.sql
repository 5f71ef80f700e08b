-- Fair outcomes (issue 14): attendance counts when a participant's call
-- actually connected, not when the page was opened. The call island reports
-- `media:connected` and `media:disconnected` over signaling; each connected
-- stretch of one visit (attendance row) is a row here. A visit may connect
-- several times (ICE restarts, the other side leaving and coming back).
CREATE TABLE call_connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  visit_id uuid NOT NULL REFERENCES attendance (id) ON DELETE CASCADE,
  connected_at timestamptz NOT NULL DEFAULT now(),
  disconnected_at timestamptz,
  CONSTRAINT call_connections_order
    CHECK (disconnected_at IS NULL OR disconnected_at >= connected_at)
);

CREATE INDEX call_connections_booking_idx ON call_connections (booking_id, user_id);
-- At most one open connection per visit: a repeated "connected" is a no-op.
CREATE UNIQUE INDEX call_connections_one_open
  ON call_connections (visit_id) WHERE disconnected_at IS NULL;

-- The stretches of time a participant was in the room (visits) or connected
-- (connections), merged where they overlap and cut at the booking's end. An
-- open stretch (still in the room, or an instance that crashed) runs to the
-- end.
CREATE FUNCTION booking_visit_ranges(p_booking uuid, p_user uuid, p_end timestamptz)
RETURNS tstzmultirange LANGUAGE sql STABLE AS $$
  SELECT range_agg(tstzrange(
    least(joined_at, p_end), least(coalesce(left_at, p_end), p_end), '[)'))
  FROM attendance WHERE booking_id = p_booking AND user_id = p_user
$$;

CREATE FUNCTION booking_connected_ranges(p_booking uuid, p_user uuid, p_end timestamptz)
RETURNS tstzmultirange LANGUAGE sql STABLE AS $$
  SELECT range_agg(tstzrange(
    least(connected_at, p_end), least(coalesce(disconnected_at, p_end), p_end), '[)'))
  FROM call_connections WHERE booking_id = p_booking AND user_id = p_user
$$;

-- Seconds covered by a set of ranges (0 for none).
CREATE FUNCTION multirange_seconds(p tstzmultirange)
RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))), 0)::double precision
  FROM unnest(p) AS r
$$;

-- One participant's evidence: first join, first connection, last leave (null
-- while a visit is open), seconds in the room and seconds connected.
CREATE FUNCTION booking_side_evidence(p_booking uuid, p_user uuid, p_end timestamptz)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'user_id', p_user,
    'joined_at', v.joined_at,
    'left_at', v.left_at,
    'connected_at', (SELECT min(connected_at) FROM call_connections
                     WHERE booking_id = p_booking AND user_id = p_user),
    'visit_seconds', multirange_seconds(booking_visit_ranges(p_booking, p_user, p_end)),
    'connected_seconds',
      multirange_seconds(booking_connected_ranges(p_booking, p_user, p_end)))
  FROM (
    SELECT min(joined_at) AS joined_at,
           CASE WHEN bool_or(left_at IS NULL) THEN NULL ELSE max(left_at) END AS left_at
    FROM attendance WHERE booking_id = p_booking AND user_id = p_user
  ) v
$$;

-- A booking's attendance evidence: both sides and the seconds both were
-- connected at once (the actual duration of the call).
CREATE FUNCTION booking_attendance(
  p_booking uuid, p_student uuid, p_teacher uuid, p_end timestamptz
) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'student', booking_side_evidence(p_booking, p_student, p_end),
    'teacher', booking_side_evidence(p_booking, p_teacher, p_end),
    'both_connected_seconds', multirange_seconds(
      booking_connected_ranges(p_booking, p_student, p_end)
      * booking_connected_ranges(p_booking, p_teacher, p_end)))
$$;
