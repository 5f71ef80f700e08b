import type { Handlers, PageProps } from "$fresh/server.ts";
import { Field, FormError } from "@/components/Form.tsx";
import {
  cardFormClass,
  FormCard,
  FormEnd,
} from "@/components/account/FormCard.tsx";
import { resetPasswordSchema } from "@/lib/auth/account_schemas.ts";
import { translate } from "@/lib/i18n/messages.ts";
import { isResetTokenLive, resetPassword } from "@/lib/auth/recovery.ts";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas.ts";
import { BadRequestError, TooManyRequestsError } from "@/lib/errors.ts";
import { protectTokenPage } from "@/lib/auth/account_tokens.ts";
import type { State } from "@/lib/http/api.ts";
import {
  type FormProblem,
  formProblem,
  redirect,
  withFormErrors,
} from "@/lib/http/pages.ts";
import { parseForm } from "@/lib/http/validate.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface ResetData {
  /** The token to send back; null when the link does not work (or is done). */
  token: string | null;
  /** "done" after the change; "broken" for a link that does not work. */
  notice: "done" | "broken" | null;
  fields: Record<string, string>;
  error: string | null;
}

export const handler: Handlers<ResetData, State> = {
  async GET(_req, ctx) {
    const params = ctx.url.searchParams;
    if (params.get("done") === "1") {
      return ctx.render({
        token: null,
        notice: "done",
        fields: {},
        error: null,
      });
    }
    const token = params.get("token") ?? "";
    const live = await isResetTokenLive(ctx.state.db, token);
    return protectTokenPage(
      await ctx.render(
        {
          token: live ? token : null,
          notice: live ? null : "broken",
          fields: {},
          error: null,
        },
        { status: live ? 200 : 400 },
      ),
    );
  },

  async POST(req, ctx) {
    const form = await parseForm(req, resetPasswordSchema);
    const token = form.values.token ?? "";
    const again = (problem: FormProblem) => {
      // Compared in the page's language, as formProblem() wrote it.
      const broken = problem.message ===
        translate(ctx.state.locale, "error.reset.invalidLink");
      return ctx.render({
        token: broken ? null : token,
        notice: broken ? "broken" : null,
        fields: problem.fields,
        error: broken ? null : problem.message,
      }, { status: problem.status });
    };
    if (!form.ok) {
      return protectTokenPage(
        await again(formProblem(form.error, ctx.state.locale)),
      );
    }
    const { db, signaling } = ctx.state;
    return protectTokenPage(
      await withFormErrors(
        async () => {
          const { endedSessionIds } = await resetPassword(
            db,
            form.data.token,
            form.data.password,
          );
          for (const id of endedSessionIds) signaling.closeSession(id);
          return redirect("/reset-password?done=1");
        },
        again,
        ctx.state.locale,
        [BadRequestError, TooManyRequestsError],
      ),
    );
  },
};

export default function ResetPasswordPage(
  { data, state }: PageProps<ResetData, State>,
) {
  const { t } = useI18n();
  const done = data.notice === "done";
  return (
    <FormCard
      title={t("auth.reset.title")}
      intro={t("auth.reset.intro")}
      user={state.user}
      notice={data.notice && {
        tone: done ? "done" : "problem",
        text: t(done ? "auth.reset.done" : "auth.reset.broken"),
      }}
      footer={done
        ? { href: "/login", text: t("nav.signIn") }
        : { href: "/forgot-password", text: t("auth.reset.newLink") }}
    >
      {data.token !== null && (
        <form method="post" action="/reset-password" class={cardFormClass}>
          <FormError message={data.error} />
          <Field
            label={t("auth.reset.password")}
            name="password"
            type="password"
            error={data.fields.password}
            hint={t("auth.reset.passwordHint", { count: PASSWORD_MIN_LENGTH })}
            autocomplete="new-password"
            required
          />
          <FormEnd
            label={t("auth.reset.submit")}
            name="token"
            value={data.token}
          />
        </form>
      )}
    </FormCard>
  );
}
