import type { AdminAuditEntry } from "@/lib/admin/audit.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

// The details of an entry as short "key: value" text.
function describe(details: AdminAuditEntry["details"]) {
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join("; ");
}

/** The audit trail, newest first. */
export function AuditTable({ entries, timeZone }: {
  entries: AdminAuditEntry[];
  timeZone: string;
}) {
  const { t, dateTime } = useI18n();
  return (
    <div class="overflow-x-auto">
      <table class="w-full text-left text-small">
        <thead>
          <tr class="text-muted">
            <th class="py-2 pr-3 font-medium">{t("admin.column.when")}</th>
            <th class="py-2 pr-3 font-medium">{t("admin.column.admin")}</th>
            <th class="py-2 pr-3 font-medium">{t("admin.column.action")}</th>
            <th class="py-2 pr-3 font-medium">{t("admin.column.on")}</th>
            <th class="py-2 font-medium">{t("admin.column.details")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr
              key={e.id}
              data-audit-action={e.action}
              class="border-t border-line align-top"
            >
              <td class="py-2 pr-3 whitespace-nowrap">
                {dateTime(e.at, timeZone)}
              </td>
              <td class="py-2 pr-3">{e.admin_email}</td>
              <td class="py-2 pr-3 font-mono">{e.action}</td>
              <td class="py-2 pr-3">
                {e.target_user_email && (
                  <span class="block">{e.target_user_email}</span>
                )}
                {e.target_booking_id && (
                  <span class="block font-mono text-xs">
                    {t("admin.audit.booking", { id: e.target_booking_id })}
                  </span>
                )}
              </td>
              <td class="py-2 whitespace-pre-wrap">{describe(e.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
