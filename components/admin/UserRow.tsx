import type { AdminUser } from "@/lib/admin/users.ts";
import { adminButton, adminInput } from "@/components/admin/AdminShell.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** The roles an admin can give, in the order of the selects. */
export const ROLES = ["student", "teacher", "admin"] as const;

/**
 * One user of the admin list, with the role and disable/enable forms; the
 * admin's own row has none (nobody demotes or disables themselves).
 */
export function UserRow({ user, self, timeZone }: {
  user: AdminUser;
  self: boolean;
  timeZone: string;
}) {
  const { t, dateTime } = useI18n();
  return (
    <tr
      data-user-id={user.id}
      data-disabled={user.disabled_at ? "true" : "false"}
      class="border-t border-line align-top"
    >
      <td class="py-2 pr-3">
        <span class="block font-medium">{user.username}</span>
        <span class="block text-muted">{user.email}</span>
      </td>
      <td class="py-2 pr-3" data-role={user.role}>
        {t(`admin.role.${user.role}`)}
      </td>
      <td class="py-2 pr-3">
        {user.disabled_at
          ? t("admin.user.disabledAt", {
            when: dateTime(user.disabled_at, timeZone),
          })
          : t("admin.user.active")}
      </td>
      <td class="py-2">
        {self
          ? <span class="text-muted">{t("admin.user.you")}</span>
          : (
            <div class="flex flex-wrap gap-2">
              <form method="post" action="/admin/users" class="flex gap-1">
                <input type="hidden" name="action" value="role" />
                <input type="hidden" name="user_id" value={user.id} />
                <label class="sr-only" for={`role-${user.id}`}>
                  {t("admin.user.roleOf", { email: user.email })}
                </label>
                <select id={`role-${user.id}`} name="role" class={adminInput}>
                  {ROLES.map((r) => (
                    <option key={r} value={r} selected={r === user.role}>
                      {t(`admin.role.${r}`)}
                    </option>
                  ))}
                </select>
                <button type="submit" class={adminButton}>
                  {t("admin.user.changeRole")}
                </button>
              </form>
              <form method="post" action="/admin/users">
                <input
                  type="hidden"
                  name="action"
                  value={user.disabled_at ? "enable" : "disable"}
                />
                <input type="hidden" name="user_id" value={user.id} />
                <button type="submit" class={adminButton}>
                  {user.disabled_at
                    ? t("admin.user.enable")
                    : t("admin.user.disable")}
                </button>
              </form>
            </div>
          )}
      </td>
    </tr>
  );
}
