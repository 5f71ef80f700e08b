import type { Handlers, PageProps } from "$fresh/server.ts";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { AdminShell } from "@/components/admin/AdminShell.tsx";
import { AuditTable } from "@/components/admin/AuditTable.tsx";
import { MoreLink } from "@/components/MoreLink.tsx";
import { type AdminAuditEntry, listAdminAudit } from "@/lib/admin/audit.ts";
import { auditQuerySchema } from "@/lib/admin/schemas.ts";
import type { State } from "@/lib/http/api.ts";
import { parseQuery } from "@/lib/http/validate.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface Data {
  entries: AdminAuditEntry[];
  older: string | null;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const { before } = parseQuery(ctx.url, auditQuerySchema);
    const page = await listAdminAudit(ctx.state.db, { before });
    return ctx.render({
      entries: page.items,
      older: page.next ? `/admin/audit?before=${page.next}` : null,
    });
  },
};

export default function AdminAuditPage(
  { data, state }: PageProps<Data, State>,
) {
  const { t } = useI18n();
  const admin = state.user!;
  return (
    <AdminShell
      title={t("admin.section.audit")}
      user={admin}
      current="/admin/audit"
    >
      <p class="mb-3 text-small text-muted">{t("admin.audit.intro")}</p>
      {data.entries.length === 0
        ? <EmptyState icon="inbox">{t("admin.audit.none")}</EmptyState>
        : <AuditTable entries={data.entries} timeZone={admin.time_zone} />}
      {data.older && (
        <MoreLink href={data.older} label={t("admin.audit.older")} />
      )}
    </AdminShell>
  );
}
