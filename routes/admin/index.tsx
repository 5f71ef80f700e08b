import type { Handlers, PageProps } from "$fresh/server.ts";
import { AdminShell } from "@/components/admin/AdminShell.tsx";
import { countOpenDisputes } from "@/lib/admin/disputes.ts";
import type { State } from "@/lib/http/api.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

interface Data {
  openDisputes: number;
}

const linkClass = "font-medium text-brand-700 underline";

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    return ctx.render({
      openDisputes: await countOpenDisputes(ctx.state.db),
    });
  },
};

export default function AdminPage({ data, state }: PageProps<Data, State>) {
  const { t, parts } = useI18n();
  const link = (href: string, key: MessageKey) => (
    <a class={linkClass} href={href}>{t(key)}</a>
  );
  return (
    <AdminShell title={t("nav.admin")} user={state.user!} current="/admin">
      <ul class="space-y-2">
        <li>
          {parts("admin.overview.users", {
            link: link("/admin/users", "admin.section.users"),
          })}
        </li>
        <li>
          {parts("admin.overview.bookings", {
            link: link("/admin/bookings", "admin.section.bookings"),
          })}
        </li>
        <li>
          {parts("admin.overview.disputes", {
            link: link("/admin/disputes", "admin.section.disputes"),
            open: (
              <span data-open-disputes={data.openDisputes}>
                {t("admin.overview.openDisputes", {
                  count: data.openDisputes,
                })}
              </span>
            ),
          })}
        </li>
        <li>
          {parts("admin.overview.audit", {
            link: link("/admin/audit", "admin.section.audit"),
          })}
        </li>
      </ul>
    </AdminShell>
  );
}
