import type { BookingStatus } from "@/lib/bookings/model.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

const STYLES: Record<BookingStatus, string> = {
  pending: "bg-warning-50 text-warning-900",
  confirmed: "bg-success-50 text-success-800",
  cancelled: "bg-slate-200 text-slate-700",
  completed: "bg-sky-100 text-sky-900",
  no_show: "bg-danger-50 text-danger-800",
  technical_failure: "bg-violet-100 text-violet-900",
};

/** A booking's status as a coloured label. */
export function StatusBadge({ status }: { status: BookingStatus }) {
  const { t } = useI18n();
  return (
    <span
      class={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${
        STYLES[status]
      }`}
      data-status={status}
    >
      {t(`status.${status}`)}
    </span>
  );
}
