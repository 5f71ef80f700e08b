import type { Handlers, PageProps } from "$fresh/server.ts";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { AdminShell } from "@/components/admin/AdminShell.tsx";
import {
  BookingFilter,
  type BookingFilterValues,
} from "@/components/admin/BookingFilter.tsx";
import { MoreLink } from "@/components/MoreLink.tsx";
import { StatusBadge } from "@/components/StatusBadge.tsx";
import {
  type AdminBooking,
  listBookingsForAdmin,
} from "@/lib/admin/bookings.ts";
import { bookingsQuerySchema } from "@/lib/admin/schemas.ts";
import { encodeCursor } from "@/lib/bookings/cursor.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import type { State } from "@/lib/http/api.ts";
import { parseQuery } from "@/lib/http/validate.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface Data {
  bookings: AdminBooking[];
  values: BookingFilterValues;
  next: string | null;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const admin = assertSignedIn(ctx);
    const filter = parseQuery(ctx.url, bookingsQuerySchema);
    const page = await listBookingsForAdmin(ctx.state.db, {
      ...filter,
      timeZone: admin.time_zone,
    });
    const values = {
      status: filter.status ?? "",
      teacher: filter.teacher ?? "",
      student: filter.student ?? "",
      from: filter.from ?? "",
      to: filter.to ?? "",
    };
    const params = new URLSearchParams(
      Object.entries(values).filter(([, v]) => v !== ""),
    );
    if (page.next) params.set("after", encodeCursor(page.next));
    return ctx.render({
      bookings: page.items,
      values,
      next: page.next ? `/admin/bookings?${params}` : null,
    });
  },
};

export default function AdminBookingsPage(
  { data, state }: PageProps<Data, State>,
) {
  const { t, range } = useI18n();
  const admin = state.user!;
  return (
    <AdminShell
      title={t("admin.section.bookings")}
      user={admin}
      current="/admin/bookings"
    >
      <BookingFilter values={data.values} />
      <p class="mt-2 text-small text-muted">
        {t("admin.bookings.zone", { zone: admin.time_zone })}
      </p>
      {data.bookings.length === 0
        ? (
          <div class="mt-4">
            <EmptyState icon="search">
              {t("admin.bookings.none")}
            </EmptyState>
          </div>
        )
        : (
          <div class="mt-4 overflow-x-auto">
            <table class="w-full text-left text-small">
              <thead>
                <tr class="text-muted">
                  <th class="py-2 pr-3 font-medium">
                    {t("admin.column.when")}
                  </th>
                  <th class="py-2 pr-3 font-medium">
                    {t("admin.column.status")}
                  </th>
                  <th class="py-2 pr-3 font-medium">
                    {t("admin.column.teacher")}
                  </th>
                  <th class="py-2 font-medium">
                    {t("admin.column.student")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.bookings.map((b) => (
                  <tr
                    key={b.id}
                    data-booking-id={b.id}
                    class="border-t border-line"
                  >
                    <td class="py-2 pr-3">
                      {range(b.start_at, b.end_at, admin.time_zone)}
                      <span class="block font-mono text-xs text-muted">
                        {b.id}
                      </span>
                    </td>
                    <td class="py-2 pr-3">
                      <StatusBadge status={b.status} />
                    </td>
                    <td class="py-2 pr-3">{b.teacher_email}</td>
                    <td class="py-2">{b.student_email}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {data.next && (
        <MoreLink href={data.next} label={t("admin.bookings.more")} />
      )}
    </AdminShell>
  );
}
