import type { Handlers, PageProps } from "$fresh/server.ts";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { AdminShell } from "@/components/admin/AdminShell.tsx";
import {
  DisputeCard,
  type DisputeFormState,
} from "@/components/admin/DisputeCard.tsx";
import {
  listOpenDisputes,
  type OpenDispute,
  resolveDispute,
} from "@/lib/admin/disputes.ts";
import { resolveDisputeSchema } from "@/lib/admin/schemas.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import type { State } from "@/lib/http/api.ts";
import {
  type FormProblem,
  formProblem,
  redirect,
  withFormErrors,
} from "@/lib/http/pages.ts";
import { parseForm } from "@/lib/http/validate.ts";

interface Data {
  disputes: OpenDispute[];
  notice: string | null;
  error: string | null;
  /** The failed form, on the dispute it was for. */
  failed: { id: string; form: DisputeFormState } | null;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    return ctx.render({
      disputes: await listOpenDisputes(ctx.state.db),
      notice: ctx.url.searchParams.get("done") === "resolved"
        ? "The dispute was resolved."
        : null,
      error: null,
      failed: null,
    });
  },

  async POST(req, ctx) {
    const admin = assertSignedIn(ctx);
    const { db } = ctx.state;
    const form = await parseForm(req, resolveDisputeSchema);
    const again = async (problem: FormProblem) =>
      ctx.render({
        disputes: await listOpenDisputes(db),
        notice: null,
        error: problem.message ??
          "The dispute was not resolved: check the form",
        failed: {
          id: form.values.dispute_id ?? "",
          form: {
            values: form.values,
            fields: problem.fields,
            message: problem.message,
          },
        },
      }, { status: problem.status });
    if (!form.ok) return again(formProblem(form.error));
    const { dispute_id, ...resolution } = form.data;
    return await withFormErrors(async () => {
      await resolveDispute(db, admin, dispute_id, resolution);
      return redirect("/admin/disputes?done=resolved");
    }, again);
  },
};

export default function AdminDisputesPage(
  { data, state }: PageProps<Data, State>,
) {
  const admin = state.user!;
  return (
    <AdminShell
      title="Open disputes"
      user={admin}
      current="/admin/disputes"
      notice={data.notice}
      error={data.error}
    >
      {data.disputes.length === 0
        ? <EmptyState icon="shield">No dispute is open.</EmptyState>
        : (
          <ul class="space-y-4">
            {data.disputes.map((d) => (
              <li key={d.id}>
                <DisputeCard
                  dispute={d}
                  timeZone={admin.time_zone}
                  form={data.failed?.id === d.id ? data.failed.form : undefined}
                />
              </li>
            ))}
          </ul>
        )}
    </AdminShell>
  );
}
