import { BOOKING_STATUSES } from "@/lib/bookings/model.ts";
import { adminButton, adminInput } from "@/components/admin/AdminShell.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** The values the admin's booking filter shows. */
export interface BookingFilterValues {
  status: string;
  teacher: string;
  student: string;
  from: string;
  to: string;
}

function Labelled(
  { label, id, children }: {
    label: string;
    id: string;
    children: preact.ComponentChildren;
  },
) {
  return (
    <div class="flex flex-col gap-1">
      <label for={id} class="text-xs font-medium text-slate-700">{label}</label>
      {children}
    </div>
  );
}

/** The filter form of /admin/bookings (a GET form: the filter is in the URL). */
export function BookingFilter({ values }: { values: BookingFilterValues }) {
  const { t } = useI18n();
  return (
    <form
      method="get"
      action="/admin/bookings"
      class="flex flex-wrap items-end gap-2"
    >
      <Labelled label={t("admin.filter.status")} id="status">
        <select id="status" name="status" class={adminInput}>
          <option value="">{t("admin.filter.any")}</option>
          {BOOKING_STATUSES.map((s) => (
            <option key={s} value={s} selected={s === values.status}>
              {t(`admin.status.${s}`)}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled label={t("admin.filter.teacher")} id="teacher">
        <input
          id="teacher"
          name="teacher"
          value={values.teacher}
          class={adminInput}
        />
      </Labelled>
      <Labelled label={t("admin.filter.student")} id="student">
        <input
          id="student"
          name="student"
          value={values.student}
          class={adminInput}
        />
      </Labelled>
      <Labelled label={t("admin.filter.from")} id="from">
        <input
          id="from"
          name="from"
          type="date"
          value={values.from}
          class={adminInput}
        />
      </Labelled>
      <Labelled label={t("admin.filter.to")} id="to">
        <input
          id="to"
          name="to"
          type="date"
          value={values.to}
          class={adminInput}
        />
      </Labelled>
      <button type="submit" class={adminButton}>
        {t("admin.filter.submit")}
      </button>
    </form>
  );
}
