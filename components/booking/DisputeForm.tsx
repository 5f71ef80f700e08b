import { FormError, SubmitButton } from "@/components/Form.tsx";
import {
  DISPUTE_REASON_MAX_LENGTH,
  DISPUTE_WINDOW_HOURS,
} from "@/lib/bookings/disputes.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** The form that disputes a booking's outcome (posts to /bookings/:id/dispute). */
export function DisputeForm(
  { bookingId, deadline, timeZone, value = "", error, message }: {
    bookingId: string;
    /** Until when the outcome can be disputed. */
    deadline: Date;
    timeZone: string;
    value?: string;
    error?: string;
    message?: string | null;
  },
) {
  const { t, dateTime } = useI18n();
  return (
    <form
      method="post"
      action={`/bookings/${bookingId}/dispute`}
      class="space-y-3"
      data-dispute-form
    >
      <h3 class="font-medium">{t("booking.dispute.title")}</h3>
      <FormError message={message} />
      <div class="space-y-1">
        <label for="dispute-reason" class="block text-small font-medium">
          {t("booking.dispute.what")}
        </label>
        <textarea
          id="dispute-reason"
          name="reason"
          rows={3}
          required
          maxLength={DISPUTE_REASON_MAX_LENGTH}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "dispute-reason-error" : "dispute-hint"}
          class={`block w-full rounded-control border px-3 py-2 text-body shadow-sm focus:border-brand-700 ${
            error ? "border-danger-700" : "border-field"
          }`}
        >
          {value}
        </textarea>
        {error
          ? (
            <p id="dispute-reason-error" class="text-small text-danger-700">
              {error}
            </p>
          )
          : (
            <p id="dispute-hint" class="text-small text-muted">
              {t("booking.dispute.hint", {
                count: DISPUTE_WINDOW_HOURS,
                deadline: dateTime(deadline, timeZone),
              })}
            </p>
          )}
      </div>
      <SubmitButton variant="secondary">
        {t("booking.dispute.submit")}
      </SubmitButton>
    </form>
  );
}
