// The teacher's lesson policies in words, as students see them before booking.
import { formatSpan } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";
import type { SchedulePolicy } from "@/lib/availability/rules.ts";

/** The teacher's confirmation, cancellation, notice and horizon rules. */
export function Policies({ policy }: { policy: SchedulePolicy }) {
  const { locale } = useI18n();
  const span = (minutes: number) => formatSpan(minutes, locale);
  const items: [string, string][] = [
    [
      "Confirmation",
      policy.requires_confirmation
        ? `The teacher confirms each booking. A request nobody answers is declined after ${
          span(policy.request_expiry_hours * 60)
        } or at its start, whichever comes first.`
        : "Automatic: bookings are confirmed at once.",
    ],
    [
      "Cancellation",
      policy.cancellation_window_hours > 0
        ? `Free until ${
          span(policy.cancellation_window_hours * 60)
        } before the lesson; a later cancellation is still possible but recorded as late.`
        : "Free until the lesson starts.",
    ],
    [
      "Minimum notice",
      policy.min_notice_minutes > 0
        ? `Book at least ${span(policy.min_notice_minutes)} ahead.`
        : "None: book any time before the lesson.",
    ],
    ["Booking horizon", `Up to ${policy.horizon_days} days ahead.`],
  ];
  return (
    <section
      aria-labelledby="policies"
      class="mt-4 rounded-card border border-line bg-white p-4 shadow-sm"
      data-policies
    >
      <h2 id="policies" class="font-semibold">Lesson policies</h2>
      <dl class="mt-2 grid gap-x-4 gap-y-1 text-small sm:grid-cols-[auto,1fr]">
        {items.map(([term, text]) => (
          <>
            <dt class="font-medium text-ink">{term}</dt>
            <dd class="text-muted">{text}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}
