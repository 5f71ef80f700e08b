import { DisputeForm } from "@/components/booking/DisputeForm.tsx";
import type { Booking } from "@/lib/bookings/model.ts";
import {
  OUTCOME_STATUSES,
  type SideEvidence,
} from "@/lib/bookings/evidence.ts";
import {
  type Dispute,
  disputeDeadline,
  disputeRefusal,
} from "@/lib/bookings/disputes.ts";
import { formatDateTime } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** "1 h 5 min", "12 min 30 s", "0 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h) return m ? `${h} h ${m} min` : `${h} h`;
  if (m) return rest ? `${m} min ${rest} s` : `${m} min`;
  return `${rest} s`;
}

const STATUS_WORDS: Record<string, string> = {
  completed: "completed",
  no_show: "a no-show",
  technical_failure: "a technical failure",
  cancelled: "cancelled",
};

function DisputeState({ dispute, timeZone }: {
  dispute: Dispute;
  timeZone: string;
}) {
  const { locale } = useI18n();
  return (
    <div data-dispute-status={dispute.status} class="text-small">
      {dispute.status === "open"
        ? (
          <p class="font-medium">
            A dispute of this outcome is open since{" "}
            {formatDateTime(dispute.created_at, timeZone, locale)}; an admin
            reviews it.
          </p>
        )
        : (
          <p class="font-medium">
            The dispute was resolved: the lesson counts as{" "}
            {STATUS_WORDS[dispute.resolution_status ?? ""] ??
              dispute.resolution_status}.
            {dispute.resolution_note && (
              <span class="mt-1 block whitespace-pre-line font-normal">
                “{dispute.resolution_note}”
              </span>
            )}
          </p>
        )}
      <p class="mt-1 whitespace-pre-line text-slate-700">
        Reason given: “{dispute.reason}”
      </p>
    </div>
  );
}

/**
 * The attendance evidence of a booking for both sides (joined, connected,
 * left, per side; the actual against the booked duration), what a
 * technical failure means, and the booking's dispute: its state, or the form
 * to raise one while that is possible.
 */
export function AttendanceEvidence(
  { booking: b, dispute, viewerId, timeZone, now }: {
    booking: Booking;
    dispute: Dispute | null;
    viewerId: string;
    timeZone: string;
    now: Date;
  },
) {
  const { locale } = useI18n();
  const settled = OUTCOME_STATUSES.includes(b.status);
  const { student, teacher } = b.attendance;
  if (!settled && !student.joined_at && !teacher.joined_at) return null;
  const at = (d: Date | null, none: string) =>
    d
      ? formatDateTime(d, timeZone, locale)
      : <span class="text-muted">{none}</span>;
  const sides: [string, SideEvidence][] = [
    [b.teacher.username, teacher],
    [b.student.username, student],
  ];
  const booked = (b.end_at.getTime() - b.start_at.getTime()) / 1000;
  const canDispute = settled &&
    disputeRefusal(b, dispute?.status === "open", now) === null;
  return (
    <section
      id="outcome"
      aria-labelledby="outcome-title"
      class="rounded-card border border-line bg-white p-4 sm:px-6"
      data-attendance
    >
      <h2 id="outcome-title" class="text-heading font-semibold">Attendance</h2>
      {b.status === "technical_failure" && (
        <div
          class="mt-3 rounded-control border border-violet-200 bg-violet-50 px-3 py-2 text-small text-violet-900"
          data-technical-failure
        >
          <p>
            You both came, but the call never connected for both of you. No one
            is blamed for this lesson.
          </p>
          <p class="mt-1">
            <a
              class="font-medium underline"
              href={`/bookings/${b.id}/reschedule`}
            >
              Reschedule this lesson
            </a>
          </p>
        </div>
      )}
      <div class="mt-3 overflow-x-auto">
        <table class="w-full text-left text-small">
          <thead class="text-muted">
            <tr>
              <th scope="col" class="py-1 pr-3 font-medium">Who</th>
              <th scope="col" class="py-1 pr-3 font-medium">Joined</th>
              <th scope="col" class="py-1 pr-3 font-medium">Call connected</th>
              <th scope="col" class="py-1 pr-3 font-medium">Left</th>
              <th scope="col" class="py-1 font-medium">Connected for</th>
            </tr>
          </thead>
          <tbody>
            {sides.map(([name, s]) => (
              <tr
                key={s.user_id}
                class="border-t border-slate-100"
                data-side={s.user_id === b.student_id ? "student" : "teacher"}
              >
                <th scope="row" class="py-1 pr-3 font-medium">
                  {name}
                  {s.user_id === viewerId ? " (you)" : ""}
                </th>
                <td class="py-1 pr-3" data-joined={s.joined_at?.toISOString()}>
                  {at(s.joined_at, "Never joined")}
                </td>
                <td
                  class="py-1 pr-3"
                  data-connected={s.connected_at?.toISOString()}
                >
                  {at(s.connected_at, "Never connected")}
                </td>
                <td class="py-1 pr-3" data-left={s.left_at?.toISOString()}>
                  {s.joined_at ? at(s.left_at, "Still in the room") : "—"}
                </td>
                <td class="py-1">{formatDuration(s.connected_seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="mt-3 text-small" data-durations>
        Booked: {formatDuration(booked)}
        {b.actual_duration_seconds !== null && (
          <>
            {" · "}Actual call, both connected:{" "}
            <span data-actual-seconds={b.actual_duration_seconds}>
              {formatDuration(b.actual_duration_seconds)}
            </span>
          </>
        )}
      </p>
      {(dispute || canDispute) && (
        <div class="mt-4 border-t border-slate-100 pt-4" id="dispute">
          {dispute && <DisputeState dispute={dispute} timeZone={timeZone} />}
          {canDispute && (
            <div class={dispute ? "mt-4" : ""}>
              <DisputeForm
                bookingId={b.id}
                deadline={disputeDeadline(b.end_at)}
                timeZone={timeZone}
              />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
