import type { Handlers, PageProps } from "$fresh/server.ts";
import { Field, FormError, SubmitButton } from "@/components/Form.tsx";
import { cardFormClass, FormCard } from "@/components/account/FormCard.tsx";
import { forgotPasswordSchema } from "@/lib/auth/account_schemas.ts";
import {
  requestPasswordReset,
  RESET_TOKEN_TTL_SECONDS,
} from "@/lib/auth/recovery.ts";
import { TooManyRequestsError } from "@/lib/errors.ts";
import type { State } from "@/lib/http/api.ts";
import {
  type FormProblem,
  formProblem,
  redirect,
  withFormErrors,
} from "@/lib/http/pages.ts";
import { parseForm } from "@/lib/http/validate.ts";
import { type I18n, useI18n } from "@/lib/i18n/i18n.ts";

interface ForgotData {
  email: string;
  sent: boolean;
  fields: Record<string, string>;
  error: string | null;
}

// What everyone who asks is told, whether or not an account has the address.
function resetSentText({ t }: I18n): string {
  return t("auth.forgot.sent", {
    duration: t("unit.minutes", { count: RESET_TOKEN_TTL_SECONDS / 60 }),
  });
}

export const handler: Handlers<ForgotData, State> = {
  GET(_req, ctx) {
    return ctx.render({
      email: "",
      sent: ctx.url.searchParams.get("sent") === "1",
      fields: {},
      error: null,
    });
  },

  async POST(req, ctx) {
    const form = await parseForm(req, forgotPasswordSchema);
    const email = (form.values.email ?? "").trim();
    const again = (problem: FormProblem) =>
      ctx.render(
        { email, sent: false, fields: problem.fields, error: problem.message },
        { status: problem.status },
      );
    if (!form.ok) return again(formProblem(form.error, ctx.state.locale));
    const { db, clientAddress } = ctx.state;
    return await withFormErrors(
      async () => {
        await requestPasswordReset(db, form.data.email, clientAddress);
        // The same answer for every address: no hint which are registered.
        return redirect("/forgot-password?sent=1");
      },
      again,
      ctx.state.locale,
      [TooManyRequestsError],
    );
  },
};

export default function ForgotPasswordPage(
  { data, state }: PageProps<ForgotData, State>,
) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <FormCard
      title={t("auth.forgot.title")}
      intro={t("auth.forgot.intro")}
      user={state.user}
      notice={data.sent ? { tone: "done", text: resetSentText(i18n) } : null}
      footer={{ href: "/login", text: t("auth.forgot.back") }}
    >
      <form method="post" action="/forgot-password" class={cardFormClass}>
        <FormError message={data.error} />
        <Field
          label={t("field.email")}
          name="email"
          type="email"
          value={data.email}
          error={data.fields.email}
          hint={t("auth.forgot.emailHint")}
          autocomplete="email"
          required
        />
        <div class="grid pt-1">
          <SubmitButton>{t("auth.forgot.submit")}</SubmitButton>
        </div>
      </form>
    </FormCard>
  );
}
