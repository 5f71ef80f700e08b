import type { BookingStatus } from "@/lib/bookings/model.ts";

const STYLES: Record<BookingStatus, { label: string; class: string }> = {
  pending: { label: "Pending", class: "bg-warning-50 text-warning-900" },
  confirmed: { label: "Confirmed", class: "bg-success-50 text-success-800" },
  cancelled: { label: "Cancelled", class: "bg-slate-200 text-slate-700" },
  completed: { label: "Completed", class: "bg-sky-100 text-sky-900" },
  no_show: { label: "No-show", class: "bg-danger-50 text-danger-800" },
  technical_failure: {
    label: "Technical failure",
    class: "bg-violet-100 text-violet-900",
  },
};

/** A booking's status as a coloured label. */
export function StatusBadge({ status }: { status: BookingStatus }) {
  const style = STYLES[status];
  return (
    <span
      class={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${style.class}`}
      data-status={status}
    >
      {style.label}
    </span>
  );
}
