import type { OpenDispute } from "@/lib/admin/disputes.ts";
import { ABSENT_SIDES, DISPUTE_OUTCOMES } from "@/lib/admin/disputes.ts";
import { StatusBadge } from "@/components/StatusBadge.tsx";
import { adminInput } from "@/components/admin/AdminShell.tsx";
import { FormError, SubmitButton } from "@/components/Form.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** What a failed resolve form shows again on its dispute. */
export interface DisputeFormState {
  values: Record<string, string>;
  fields: Record<string, string>;
  message: string | null;
}

/** An open dispute and the form that resolves it. */
export function DisputeCard({ dispute, timeZone, form }: {
  dispute: OpenDispute;
  timeZone: string;
  form?: DisputeFormState;
}) {
  const { t, parts, dateTime, range } = useI18n();
  const id = dispute.id;
  const values = form?.values ?? {};
  const fields = form?.fields ?? {};
  return (
    <article
      data-dispute-id={id}
      class="rounded-card border border-line bg-white p-4 shadow-sm"
    >
      <p class="flex flex-wrap items-center gap-2 text-small">
        <StatusBadge status={dispute.booking_status} />
        <span>
          {range(dispute.start_at, dispute.end_at, timeZone)}
        </span>
      </p>
      <p class="mt-1 text-small text-muted">
        {parts("admin.dispute.who", {
          teacher: dispute.teacher_email,
          student: dispute.student_email,
          booking: <span class="font-mono">{dispute.booking_id}</span>,
        })}
      </p>
      <p class="mt-2 text-small">
        {t("admin.dispute.raisedBy", {
          name: dispute.raised_by_email,
          when: dateTime(dispute.created_at, timeZone),
        })}
      </p>
      <blockquote class="mt-1 whitespace-pre-wrap border-l-4 border-field pl-3 text-ink">
        {dispute.reason}
      </blockquote>
      <form method="post" action="/admin/disputes" class="mt-3 space-y-2">
        <FormError message={form?.message} />
        <input type="hidden" name="dispute_id" value={id} />
        <div class="flex flex-wrap gap-3">
          <label class="flex flex-col gap-1 text-small">
            <span class="font-medium">{t("admin.dispute.outcome")}</span>
            <select name="status" class={adminInput}>
              {DISPUTE_OUTCOMES.map((s) => (
                <option
                  key={s}
                  value={s}
                  selected={s === (values.status ?? dispute.booking_status)}
                >
                  {t(`admin.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label class="flex flex-col gap-1 text-small">
            <span class="font-medium">{t("admin.dispute.absent")}</span>
            <select
              name="absent"
              class={adminInput}
              aria-invalid={fields.absent ? "true" : undefined}
            >
              <option value="">—</option>
              {ABSENT_SIDES.map((s) => (
                <option key={s} value={s} selected={s === values.absent}>
                  {t(`admin.absent.${s}`)}
                </option>
              ))}
            </select>
            {fields.absent && (
              <span class="text-danger-700">{fields.absent}</span>
            )}
          </label>
        </div>
        <label class="flex flex-col gap-1 text-small">
          <span class="font-medium">{t("admin.dispute.note")}</span>
          <textarea
            name="note"
            rows={2}
            maxLength={2000}
            required
            class={adminInput}
            aria-invalid={fields.note ? "true" : undefined}
          >
            {values.note ?? ""}
          </textarea>
          {fields.note && <span class="text-danger-700">{fields.note}</span>}
        </label>
        <SubmitButton>{t("admin.dispute.resolve")}</SubmitButton>
      </form>
    </article>
  );
}
