import type { Handlers, PageProps } from "$fresh/server.ts";
import {
  cardFormClass,
  type CardNotice,
  FormCard,
  FormEnd,
} from "@/components/account/FormCard.tsx";
import { confirmEmailSchema } from "@/lib/auth/account_schemas.ts";
import { confirmEmailChange, pendingEmailChange } from "@/lib/auth/profile.ts";
import { BadRequestError, ConflictError } from "@/lib/errors.ts";
import { protectTokenPage } from "@/lib/auth/account_tokens.ts";
import type { State } from "@/lib/http/api.ts";
import {
  type FormProblem,
  formProblem,
  redirect,
  withFormErrors,
} from "@/lib/http/pages.ts";
import { parseForm } from "@/lib/http/validate.ts";
import { i18nFor, useI18n } from "@/lib/i18n/i18n.ts";

interface ConfirmData {
  /** The token to send back, with the address it moves to; null otherwise. */
  pending: { token: string; email: string } | null;
  notice: CardNotice | null;
}

// Opening the link only shows a button: mail scanners that fetch links must
// not change anyone's address.
export const handler: Handlers<ConfirmData, State> = {
  async GET(_req, ctx) {
    const { t } = i18nFor(ctx.state.locale);
    const params = ctx.url.searchParams;
    if (params.get("done") === "1") {
      return ctx.render({
        pending: null,
        notice: { tone: "done", text: t("auth.confirm.done") },
      });
    }
    const token = params.get("token") ?? "";
    const email = await pendingEmailChange(ctx.state.db, token);
    return protectTokenPage(
      await ctx.render(
        {
          pending: email ? { token, email } : null,
          notice: email
            ? null
            : { tone: "problem", text: t("auth.confirm.broken") },
        },
        { status: email ? 200 : 400 },
      ),
    );
  },

  async POST(req, ctx) {
    const form = await parseForm(req, confirmEmailSchema);
    const again = (problem: FormProblem) =>
      ctx.render({
        pending: null,
        notice: {
          tone: "problem",
          text: problem.message ??
            i18nFor(ctx.state.locale).t("auth.confirm.broken"),
        },
      }, { status: problem.status });
    if (!form.ok) {
      return protectTokenPage(
        await again(formProblem(form.error, ctx.state.locale)),
      );
    }
    return protectTokenPage(
      await withFormErrors(
        async () => {
          await confirmEmailChange(ctx.state.db, form.data.token);
          return redirect("/confirm-email?done=1");
        },
        again,
        ctx.state.locale,
        [BadRequestError, ConflictError],
      ),
    );
  },
};

export default function ConfirmEmailPage(
  { data, state }: PageProps<ConfirmData, State>,
) {
  const { pending } = data;
  const { t, parts } = useI18n();
  return (
    <FormCard
      title={t("auth.confirm.title")}
      intro={t("auth.confirm.intro")}
      user={state.user}
      notice={data.notice}
      footer={{ href: "/account", text: t("account.title") }}
    >
      {pending && (
        <form method="post" action="/confirm-email" class={cardFormClass}>
          <p>
            {parts("auth.confirm.question", {
              email: <strong class="break-all">{pending.email}</strong>,
            })}
          </p>
          <FormEnd
            label={t("auth.confirm.submit")}
            name="token"
            value={pending.token}
          />
        </form>
      )}
    </FormCard>
  );
}
