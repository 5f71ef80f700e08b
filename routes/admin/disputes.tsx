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
import { i18nFor, useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

interface Data {
  disputes: OpenDispute[];
  notice: MessageKey | null;
  error: string | null;
  /** The failed form, on the dispute it was for. */
  failed: { id: string; form: DisputeFormState } | null;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    return ctx.render({
      disputes: await listOpenDisputes(ctx.state.db),
      notice: ctx.url.searchParams.get("done") === "resolved"
        ? "admin.disputes.resolved"
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
          i18nFor(ctx.state.locale).t("admin.disputes.notResolved"),
        failed: {
          id: form.values.dispute_id ?? "",
          form: {
            values: form.values,
            fields: problem.fields,
            message: problem.message,
          },
        },
      }, { status: problem.status });
    if (!form.ok) return again(formProblem(form.error, ctx.state.locale));
    const { dispute_id, ...resolution } = form.data;
    return await withFormErrors(
      async () => {
        await resolveDispute(db, admin, dispute_id, resolution);
        return redirect("/admin/disputes?done=resolved");
      },
      again,
      ctx.state.locale,
    );
  },
};

export default function AdminDisputesPage(
  { data, state }: PageProps<Data, State>,
) {
  const { t } = useI18n();
  const admin = state.user!;
  return (
    <AdminShell
      title={t("admin.disputes.title")}
      user={admin}
      current="/admin/disputes"
      notice={data.notice && t(data.notice)}
      error={data.error}
    >
      {data.disputes.length === 0
        ? <EmptyState icon="shield">{t("admin.disputes.none")}</EmptyState>
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
