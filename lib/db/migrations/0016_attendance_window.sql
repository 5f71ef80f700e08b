-- Attendance counts only inside the booking's own room window: from the join
-- window before its start (JOIN_WINDOW_MINUTES, 10) to its end. A booking
-- moved to a new time (a technical failure rescheduled) keeps the visits and
-- connections of its old time as history, but they no longer count towards
-- the outcome or the actual duration of the new one.
CREATE FUNCTION booking_window_start(p_booking uuid)
RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT start_at - interval '10 minutes' FROM bookings WHERE id = p_booking
$$;

CREATE OR REPLACE FUNCTION booking_visit_ranges(p_booking uuid, p_user uuid, p_end timestamptz)
RETURNS tstzmultirange LANGUAGE sql STABLE AS $$
  SELECT range_agg(tstzrange(
    least(greatest(joined_at, w.s), p_end),
    least(coalesce(left_at, p_end), p_end), '[)'))
  FROM attendance, (SELECT booking_window_start(p_booking) AS s) w
  WHERE booking_id = p_booking AND user_id = p_user
    AND coalesce(left_at, p_end) >= w.s
$$;

CREATE OR REPLACE FUNCTION booking_connected_ranges(p_booking uuid, p_user uuid, p_end timestamptz)
RETURNS tstzmultirange LANGUAGE sql STABLE AS $$
  SELECT range_agg(tstzrange(
    least(greatest(connected_at, w.s), p_end),
    least(coalesce(disconnected_at, p_end), p_end), '[)'))
  FROM call_connections, (SELECT booking_window_start(p_booking) AS s) w
  WHERE booking_id = p_booking AND user_id = p_user
    AND coalesce(disconnected_at, p_end) >= w.s
$$;

CREATE OR REPLACE FUNCTION booking_side_evidence(p_booking uuid, p_user uuid, p_end timestamptz)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'user_id', p_user,
    'joined_at', v.joined_at,
    'left_at', v.left_at,
    'connected_at', (SELECT min(connected_at) FROM call_connections
                     WHERE booking_id = p_booking AND user_id = p_user
                       AND coalesce(disconnected_at, p_end)
                         >= booking_window_start(p_booking)),
    'visit_seconds', multirange_seconds(booking_visit_ranges(p_booking, p_user, p_end)),
    'connected_seconds',
      multirange_seconds(booking_connected_ranges(p_booking, p_user, p_end)))
  FROM (
    SELECT min(joined_at) AS joined_at,
           CASE WHEN bool_or(left_at IS NULL) THEN NULL ELSE max(left_at) END AS left_at
    FROM attendance
    WHERE booking_id = p_booking AND user_id = p_user
      AND coalesce(left_at, p_end) >= booking_window_start(p_booking)
  ) v
$$;
