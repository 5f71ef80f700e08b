// The teacher's lesson policies in words, as students see them before booking.
import { formatSpan } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";
import type { SchedulePolicy } from "@/lib/availability/rules.ts";

/** The teacher's confirmation, cancellation, notice and horizon rules. */
export function Policies({ policy }: { policy: SchedulePolicy }) {
  const { locale, t } = useI18n();
  const span = (minutes: number) => formatSpan(minutes, locale);
  const items: [string, string][] = [
    [
      t("teacher.policies.confirmation"),
      policy.requires_confirmation
        ? t("teacher.policies.confirmedByTeacher", {
          span: span(policy.request_expiry_hours * 60),
        })
        : t("teacher.policies.confirmedAtOnce"),
    ],
    [
      t("teacher.policies.cancellation"),
      policy.cancellation_window_hours > 0
        ? t("teacher.policies.cancelWindow", {
          span: span(policy.cancellation_window_hours * 60),
        })
        : t("teacher.policies.cancelAnyTime"),
    ],
    [
      t("teacher.policies.notice"),
      policy.min_notice_minutes > 0
        ? t("teacher.policies.noticeAhead", {
          span: span(policy.min_notice_minutes),
        })
        : t("teacher.policies.noticeNone"),
    ],
    [
      t("teacher.policies.horizon"),
      t("teacher.policies.horizonDays", { count: policy.horizon_days }),
    ],
  ];
  return (
    <section
      aria-labelledby="policies"
      class="mt-4 rounded-card border border-line bg-white p-4 shadow-sm"
      data-policies
    >
      <h2 id="policies" class="font-semibold">
        {t("teacher.policies.heading")}
      </h2>
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
