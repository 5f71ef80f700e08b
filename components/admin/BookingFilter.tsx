import { BOOKING_STATUSES } from "@/lib/bookings/model.ts";
import { adminButton, adminInput } from "@/components/admin/AdminShell.tsx";

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
  return (
    <form
      method="get"
      action="/admin/bookings"
      class="flex flex-wrap items-end gap-2"
    >
      <Labelled label="Status" id="status">
        <select id="status" name="status" class={adminInput}>
          <option value="">Any</option>
          {BOOKING_STATUSES.map((s) => (
            <option key={s} value={s} selected={s === values.status}>
              {s}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled label="Teacher (e-mail, name or id)" id="teacher">
        <input
          id="teacher"
          name="teacher"
          value={values.teacher}
          class={adminInput}
        />
      </Labelled>
      <Labelled label="Student (e-mail, name or id)" id="student">
        <input
          id="student"
          name="student"
          value={values.student}
          class={adminInput}
        />
      </Labelled>
      <Labelled label="From" id="from">
        <input
          id="from"
          name="from"
          type="date"
          value={values.from}
          class={adminInput}
        />
      </Labelled>
      <Labelled label="To" id="to">
        <input
          id="to"
          name="to"
          type="date"
          value={values.to}
          class={adminInput}
        />
      </Labelled>
      <button type="submit" class={adminButton}>Filter</button>
    </form>
  );
}
