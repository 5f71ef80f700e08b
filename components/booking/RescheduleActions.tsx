import type { Booking } from "@/lib/bookings/model.ts";
import type { RescheduleProposal } from "@/lib/bookings/proposals.ts";
import { formatDateTime, formatRange } from "@/lib/format.ts";
import { SubmitButton } from "@/components/Form.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

/**
 * The booking page's rescheduling panel: the open proposal (accept and
 * decline for the other participant, a note for the proposer), or a link to
 * propose another time.
 */
export function RescheduleActions(
  { booking, proposal, canReschedule, viewerId, timeZone }: {
    booking: Booking;
    proposal: RescheduleProposal | null;
    canReschedule: boolean;
    viewerId: string;
    timeZone: string;
  },
) {
  const { locale } = useI18n();
  if (!proposal && !canReschedule) return null;
  const action = `/bookings/${booking.id}/reschedule`;
  const other = viewerId === booking.student_id
    ? booking.teacher.username
    : booking.student.username;
  return (
    <section
      aria-labelledby="reschedule-title"
      class="space-y-3 rounded-card border border-line bg-white p-4"
      data-reschedule
    >
      <h2 id="reschedule-title" class="text-heading font-semibold">
        Move the lesson
      </h2>
      {proposal
        ? (
          <div data-proposal-status={proposal.status} class="space-y-3">
            <p class="text-small text-slate-700">
              {proposal.proposed_by === viewerId
                ? `You asked ${other} to move the lesson to `
                : `${other} asks to move the lesson to `}
              <strong>
                {formatRange(
                  proposal.start_at,
                  proposal.end_at,
                  timeZone,
                  locale,
                )}
              </strong>. The proposal is open until{" "}
              {formatDateTime(proposal.expires_at, timeZone, locale)}; until it
              is accepted the lesson stays where it is.
            </p>
            {proposal.proposed_by !== viewerId && (
              <div class="flex flex-wrap gap-2">
                <form method="post" action={action}>
                  <input type="hidden" name="action" value="accept" />
                  <SubmitButton>Accept new time</SubmitButton>
                </form>
                <form method="post" action={action}>
                  <input type="hidden" name="action" value="decline" />
                  <SubmitButton variant="secondary">
                    Decline new time
                  </SubmitButton>
                </form>
              </div>
            )}
          </div>
        )
        : (
          <p class="text-small text-slate-700">
            {booking.status === "technical_failure"
              ? "The call did not connect. Choose a new time with "
              : "Need another time? Propose one to "}
            {other}; the booking, its page and its room stay the same.{" "}
            <a class="font-medium text-brand-700 underline" href={action}>
              Propose a new time
            </a>
          </p>
        )}
    </section>
  );
}
