// The booking page's actions: the teacher's answer to a request (confirm,
// or decline behind a quiet disclosure) and cancelling, each a plain form.
import { SubmitButton } from "@/components/Form.tsx";
import { LateCancelWarning } from "@/components/booking/LateCancelWarning.tsx";
import type { Booking } from "@/lib/bookings/model.ts";
import { REASON_MAX_LENGTH } from "@/lib/limits.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** Which action a form posts. */
export type BookingAction = "confirm" | "decline" | "cancel";

/** The form that failed, shown again: its action, reason and error. */
export interface ActionForm {
  action: BookingAction | null;
  reason: string;
  error?: string;
}

/** The actions the viewer may take on the booking; nothing when none. */
export function BookingActions(
  { booking: b, otherName, canDecide, canCancel, form, lateCancel }: {
    booking: Booking;
    otherName: string;
    canDecide: boolean;
    canCancel: boolean;
    form: ActionForm | null;
    lateCancel: { late: boolean; windowHours: number };
  },
) {
  const { t } = useI18n();
  const valueOf = (action: BookingAction) =>
    form?.action === action ? form.reason : "";
  const fieldOf = (action: BookingAction) =>
    form?.action === action ? form.error : undefined;
  return (
    <>
      {(canDecide || canCancel) && (
        <section aria-labelledby="actions-title" class="space-y-4">
          <h2 id="actions-title" class="text-heading font-semibold">
            {t("booking.actions.title")}
          </h2>
          {canDecide && (
            <>
              <form
                method="post"
                class="rounded-card border border-line bg-white p-4"
              >
                <h3 class="font-medium">{t("booking.actions.request")}</h3>
                <input type="hidden" name="action" value="confirm" />
                <p class="mt-1 text-small text-slate-700">
                  {t("booking.actions.requestText", {
                    name: b.student.username,
                  })}
                </p>
                <div class="mt-3">
                  <SubmitButton>{t("booking.actions.confirm")}</SubmitButton>
                </div>
              </form>
              <details
                class="rounded-card border border-line bg-white p-4"
                open={form?.action === "decline"}
              >
                <summary class={QUIET_SUMMARY}>
                  {t("booking.actions.declineOpen")}
                </summary>
                <form
                  method="post"
                  class="mt-3 space-y-3"
                >
                  <input type="hidden" name="action" value="decline" />
                  <ReasonField
                    id="decline-reason"
                    label={t("booking.actions.declineReason")}
                    hint={t("booking.actions.declineHint")}
                    required={false}
                    value={valueOf("decline")}
                    error={fieldOf("decline")}
                  />
                  <SubmitButton variant="secondary">
                    {t("booking.actions.decline")}
                  </SubmitButton>
                </form>
              </details>
            </>
          )}
          {canCancel && (
            <details
              class="rounded-card border border-line bg-white p-4"
              open={form?.action === "cancel"}
            >
              <summary class={QUIET_SUMMARY}>
                {t("booking.actions.cancelOpen")}
              </summary>
              <form
                method="post"
                class="mt-3 space-y-3"
              >
                <input type="hidden" name="action" value="cancel" />
                <input
                  type="hidden"
                  name="start_at"
                  value={b.start_at.toISOString()}
                />
                <LateCancelWarning
                  late={lateCancel.late}
                  windowHours={lateCancel.windowHours}
                />
                <ReasonField
                  id="cancel-reason"
                  label={t("booking.actions.cancelReason")}
                  hint={t("booking.actions.cancelHint", { name: otherName })}
                  required
                  value={valueOf("cancel")}
                  error={fieldOf("cancel")}
                />
                <SubmitButton variant="danger">
                  {t("booking.actions.cancel")}
                </SubmitButton>
              </form>
            </details>
          )}
        </section>
      )}
    </>
  );
}

function ReasonField(
  { id, label, hint, required, value, error }: {
    id: string;
    label: string;
    hint: string;
    required: boolean;
    value: string;
    error?: string;
  },
) {
  return (
    <div class="space-y-1">
      <label for={id} class="block text-small font-medium text-ink">
        {label}
      </label>
      <textarea
        id={id}
        name="reason"
        rows={3}
        maxLength={REASON_MAX_LENGTH}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={`${id}-${error ? "error" : "hint"}`}
        class={`block w-full rounded-control border px-3 py-2 text-body shadow-sm focus:border-brand-700 ${
          error ? "border-danger-700" : "border-field"
        }`}
      >
        {value}
      </textarea>
      {error
        ? <p id={`${id}-error`} class="text-small text-danger-700">{error}</p>
        : <p id={`${id}-hint`} class="text-small text-muted">{hint}</p>}
    </div>
  );
}

// Cancel and decline are a quiet link that opens its confirmation step (no
// script: a disclosure), not a large red form.
const QUIET_SUMMARY =
  "flex min-h-[44px] cursor-pointer items-center text-small text-slate-700 underline";
