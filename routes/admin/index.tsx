import type { Handlers, PageProps } from "$fresh/server.ts";
import { AdminShell } from "@/components/admin/AdminShell.tsx";
import { countOpenDisputes } from "@/lib/admin/disputes.ts";
import type { State } from "@/lib/http/api.ts";

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
  return (
    <AdminShell title="Admin" user={state.user!} current="/admin">
      <ul class="space-y-2">
        <li>
          <a class={linkClass} href="/admin/users">Users</a>: find accounts,
          change a role, disable or enable an account.
        </li>
        <li>
          <a class={linkClass} href="/admin/bookings">Bookings</a>: every
          booking, by status, teacher, student and date.
        </li>
        <li>
          <a class={linkClass} href="/admin/disputes">Disputes</a>:{" "}
          <span data-open-disputes={data.openDisputes}>
            {data.openDisputes} open
          </span>
          ; resolve one by setting the lesson's outcome, with a note.
        </li>
        <li>
          <a class={linkClass} href="/admin/audit">Audit trail</a>: every admin
          action.
        </li>
      </ul>
    </AdminShell>
  );
}
