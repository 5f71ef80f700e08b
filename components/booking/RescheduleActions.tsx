import type { Booking } from "@/lib/bookings/model.ts";
import type { RescheduleProposal } from "@/lib/bookings/proposals.ts";
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
  const { t, parts, dateTime, range } = useI18n();
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
        {t("booking.reschedule.title")}
      </h2>
      {proposal
        ? (
          <div data-proposal-status={proposal.status} class="space-y-3">
            <p class="text-small text-slate-700">
              {parts(
                proposal.proposed_by === viewerId
                  ? "booking.reschedule.youAsked"
                  : "booking.reschedule.theyAsk",
                {
                  name: other,
                  when: (
                    <strong>
                      {range(proposal.start_at, proposal.end_at, timeZone)}
                    </strong>
                  ),
                  until: dateTime(proposal.expires_at, timeZone),
                },
              )}
            </p>
            {proposal.proposed_by !== viewerId && (
              <div class="flex flex-wrap gap-2">
                <form method="post" action={action}>
                  <input type="hidden" name="action" value="accept" />
                  <SubmitButton>{t("booking.reschedule.accept")}</SubmitButton>
                </form>
                <form method="post" action={action}>
                  <input type="hidden" name="action" value="decline" />
                  <SubmitButton variant="secondary">
                    {t("booking.reschedule.decline")}
                  </SubmitButton>
                </form>
              </div>
            )}
          </div>
        )
        : (
          <p class="text-small text-slate-700">
            {parts(
              booking.status === "technical_failure"
                ? "booking.reschedule.afterFailure"
                : "booking.reschedule.offer",
              {
                name: other,
                link: (
                  <a
                    class="font-medium text-brand-700 underline"
                    href={action}
                  >
                    {t("booking.reschedule.propose")}
                  </a>
                ),
              },
            )}
          </p>
        )}
    </section>
  );
}
