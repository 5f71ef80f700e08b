import type { Handlers, PageProps } from "$fresh/server.ts";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import {
  adminButton,
  adminInput,
  AdminShell,
} from "@/components/admin/AdminShell.tsx";
import { ROLES, UserRow } from "@/components/admin/UserRow.tsx";
import { MoreLink } from "@/components/MoreLink.tsx";
import {
  type AdminUser,
  changeRole,
  disableUser,
  enableUser,
  searchUsers,
} from "@/lib/admin/users.ts";
import { userActionSchema, usersQuerySchema } from "@/lib/admin/schemas.ts";
import { encodeCursor } from "@/lib/bookings/cursor.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import type { State } from "@/lib/http/api.ts";
import { formProblem, redirect, withFormErrors } from "@/lib/http/pages.ts";
import { parseForm, parseQuery } from "@/lib/http/validate.ts";
import { i18nFor, useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

interface Data {
  users: AdminUser[];
  q: string;
  role: string;
  next: string | null;
  notice: MessageKey | null;
  error: string | null;
}

// The confirmation of each change, by the `done` the redirect carries.
const NOTICES: Record<string, MessageKey> = {
  role: "admin.users.roleChanged",
  disabled: "admin.users.disabled",
  enabled: "admin.users.enabled",
};

async function load(
  ctx: { state: State; url: URL },
  error: string | null = null,
): Promise<Data> {
  const query = error ? {} : parseQuery(ctx.url, usersQuerySchema);
  const page = await searchUsers(ctx.state.db, query);
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.role) params.set("role", query.role);
  if (page.next) params.set("after", encodeCursor(page.next));
  return {
    users: page.items,
    q: query.q ?? "",
    role: query.role ?? "",
    next: page.next ? `/admin/users?${params}` : null,
    notice: NOTICES[ctx.url.searchParams.get("done") ?? ""] ?? null,
    error,
  };
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    return ctx.render(await load(ctx));
  },

  async POST(req, ctx) {
    const admin = assertSignedIn(ctx);
    const { db, signaling } = ctx.state;
    const again = async (message: string | null, status: number) =>
      ctx.render(
        await load(
          ctx,
          message ?? i18nFor(ctx.state.locale).t("admin.users.checkForm"),
        ),
        { status },
      );
    const form = await parseForm(req, userActionSchema);
    if (!form.ok) {
      const problem = formProblem(form.error, ctx.state.locale);
      return again(problem.message, problem.status);
    }
    const input = form.data;
    return await withFormErrors(
      async () => {
        switch (input.action) {
          case "role":
            await changeRole(db, admin, input.user_id, input.role);
            return redirect("/admin/users?done=role");
          case "disable": {
            const ended = await disableUser(db, admin, input.user_id);
            // Their sockets close now, here and on other instances, not at
            // the hub's next periodic session check.
            for (const id of ended) signaling.closeSession(id);
            return redirect("/admin/users?done=disabled");
          }
          case "enable":
            await enableUser(db, admin, input.user_id);
            return redirect("/admin/users?done=enabled");
        }
      },
      (problem) => again(problem.message, problem.status),
      ctx.state.locale,
    );
  },
};

export default function AdminUsersPage(
  { data, state }: PageProps<Data, State>,
) {
  const { t } = useI18n();
  const admin = state.user!;
  return (
    <AdminShell
      title={t("admin.section.users")}
      user={admin}
      current="/admin/users"
      notice={data.notice && t(data.notice)}
      error={data.error}
    >
      <form method="get" action="/admin/users" class="flex flex-wrap gap-2">
        <label class="sr-only" for="q">{t("admin.users.search")}</label>
        <input
          id="q"
          name="q"
          type="search"
          value={data.q}
          placeholder={t("admin.users.search")}
          class={adminInput}
        />
        <label class="sr-only" for="role">{t("admin.users.role")}</label>
        <select id="role" name="role" class={adminInput}>
          <option value="">{t("admin.users.anyRole")}</option>
          {ROLES.map((r) => (
            <option key={r} value={r} selected={r === data.role}>
              {t(`admin.role.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" class={adminButton}>
          {t("admin.users.submit")}
        </button>
      </form>
      {data.users.length === 0
        ? (
          <div class="mt-4">
            <EmptyState icon="search">{t("admin.users.none")}</EmptyState>
          </div>
        )
        : (
          <div class="mt-4 overflow-x-auto">
            <table class="w-full text-left text-small">
              <thead>
                <tr class="text-muted">
                  <th class="py-2 pr-3 font-medium">
                    {t("admin.column.user")}
                  </th>
                  <th class="py-2 pr-3 font-medium">
                    {t("admin.column.role")}
                  </th>
                  <th class="py-2 pr-3 font-medium">
                    {t("admin.column.status")}
                  </th>
                  <th class="py-2 font-medium">
                    {t("admin.column.actions")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((u) => (
                  <UserRow
                    key={u.id}
                    user={u}
                    self={u.id === admin.id}
                    timeZone={admin.time_zone}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      {data.next && <MoreLink href={data.next} label={t("admin.users.more")} />}
    </AdminShell>
  );
}
