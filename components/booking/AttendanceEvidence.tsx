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
import type { BookingStatus } from "@/lib/bookings/model.ts";
import { type I18n, useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";
import { formatDuration } from "@/lib/format.ts";

// What a resolved dispute says the lesson counts as.
const OUTCOME_WORDS: Partial<Record<BookingStatus, MessageKey>> = {
  completed: "booking.dispute.outcome.completed",
  no_show: "booking.dispute.outcome.noShow",
  technical_failure: "booking.dispute.outcome.technicalFailure",
  cancelled: "booking.dispute.outcome.cancelled",
};

function outcomeWords(i18n: I18n, status: BookingStatus | null): string {
  const key = status && OUTCOME_WORDS[status];
  return key ? i18n.t(key) : status ?? "";
}

function DisputeState({ dispute, timeZone }: {
  dispute: Dispute;
  timeZone: string;
}) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  return (
    <div data-dispute-status={dispute.status} class="text-small">
      {dispute.status === "open"
        ? (
          <p class="font-medium">
            {t("booking.dispute.open", {
              since: dateTime(dispute.created_at, timeZone),
            })}
          </p>
        )
        : (
          <p class="font-medium">
            {t("booking.dispute.resolved", {
              outcome: outcomeWords(i18n, dispute.resolution_status),
            })}
            {dispute.resolution_note && (
              <span class="mt-1 block whitespace-pre-line font-normal">
                {t("booking.quoted", { text: dispute.resolution_note })}
              </span>
            )}
          </p>
        )}
      <p class="mt-1 whitespace-pre-line text-slate-700">
        {t("booking.dispute.reasonGiven", { reason: dispute.reason })}
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
  const { t, parts, dateTime, locale } = useI18n();
  const settled = OUTCOME_STATUSES.includes(b.status);
  const { student, teacher } = b.attendance;
  if (!settled && !student.joined_at && !teacher.joined_at) return null;
  const at = (d: Date | null, none: MessageKey) =>
    d ? dateTime(d, timeZone) : <span class="text-muted">{t(none)}</span>;
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
      <h2 id="outcome-title" class="text-heading font-semibold">
        {t("booking.attendance.title")}
      </h2>
      {b.status === "technical_failure" && (
        <div
          class="mt-3 rounded-control border border-violet-200 bg-violet-50 px-3 py-2 text-small text-violet-900"
          data-technical-failure
        >
          <p>{t("booking.attendance.technicalFailure")}</p>
          <p class="mt-1">
            <a
              class="font-medium underline"
              href={`/bookings/${b.id}/reschedule`}
            >
              {t("booking.attendance.reschedule")}
            </a>
          </p>
        </div>
      )}
      <div class="mt-3 overflow-x-auto">
        <table class="w-full text-left text-small">
          <thead class="text-muted">
            <tr>
              <th scope="col" class="py-1 pr-3 font-medium">
                {t("booking.attendance.who")}
              </th>
              <th scope="col" class="py-1 pr-3 font-medium">
                {t("booking.attendance.joined")}
              </th>
              <th scope="col" class="py-1 pr-3 font-medium">
                {t("booking.attendance.connected")}
              </th>
              <th scope="col" class="py-1 pr-3 font-medium">
                {t("booking.attendance.left")}
              </th>
              <th scope="col" class="py-1 font-medium">
                {t("booking.attendance.connectedFor")}
              </th>
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
                  {s.user_id === viewerId
                    ? t("booking.youNamed", { name })
                    : name}
                </th>
                <td class="py-1 pr-3" data-joined={s.joined_at?.toISOString()}>
                  {at(s.joined_at, "booking.attendance.neverJoined")}
                </td>
                <td
                  class="py-1 pr-3"
                  data-connected={s.connected_at?.toISOString()}
                >
                  {at(s.connected_at, "booking.attendance.neverConnected")}
                </td>
                <td class="py-1 pr-3" data-left={s.left_at?.toISOString()}>
                  {s.joined_at
                    ? at(s.left_at, "booking.attendance.stillInRoom")
                    : "—"}
                </td>
                <td class="py-1">
                  {formatDuration(s.connected_seconds, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="mt-3 text-small" data-durations>
        {b.actual_duration_seconds === null
          ? t("booking.attendance.booked", {
            booked: formatDuration(booked, locale),
          })
          : parts("booking.attendance.bookedActual", {
            booked: formatDuration(booked, locale),
            actual: (
              <span data-actual-seconds={b.actual_duration_seconds}>
                {formatDuration(b.actual_duration_seconds, locale)}
              </span>
            ),
          })}
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
