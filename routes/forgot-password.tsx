import type { Handlers, PageProps } from "$fresh/server.ts";
import { Field, FormError, SubmitButton } from "@/components/Form.tsx";
import { cardFormClass, FormCard } from "@/components/account/FormCard.tsx";
import { forgotPasswordSchema } from "@/lib/auth/account_schemas.ts";
import { requestPasswordReset } from "@/lib/auth/recovery.ts";
import { TooManyRequestsError } from "@/lib/errors.ts";
import type { State } from "@/lib/http/api.ts";
import {
  type FormProblem,
  formProblem,
  redirect,
  withFormErrors,
} from "@/lib/http/pages.ts";
import { parseForm } from "@/lib/http/validate.ts";

interface ForgotData {
  email: string;
  sent: boolean;
  fields: Record<string, string>;
  error: string | null;
}

/** What everyone who asks is told, whether or not an account has the address. */
export const RESET_SENT =
  "If an account uses this address, we have sent it a link to choose a new password. The link works for 30 minutes.";

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
    if (!form.ok) return again(formProblem(form.error));
    const { db, clientAddress } = ctx.state;
    return await withFormErrors(
      async () => {
        await requestPasswordReset(db, form.data.email, clientAddress);
        // The same answer for every address: no hint which are registered.
        return redirect("/forgot-password?sent=1");
      },
      again,
      [TooManyRequestsError],
    );
  },
};

export default function ForgotPasswordPage(
  { data, state }: PageProps<ForgotData, State>,
) {
  return (
    <FormCard
      title="Forgot password"
      intro="Enter the email you signed up with and we will send you a link to choose a new password."
      user={state.user}
      notice={data.sent ? { tone: "done", text: RESET_SENT } : null}
      footer={{ href: "/login", text: "Back to sign in" }}
    >
      <form method="post" action="/forgot-password" class={cardFormClass}>
        <FormError message={data.error} />
        <Field
          label="Email"
          name="email"
          type="email"
          value={data.email}
          error={data.fields.email}
          hint="The address you signed up with"
          autocomplete="email"
          required
        />
        <div class="grid pt-1">
          <SubmitButton>Send reset link</SubmitButton>
        </div>
      </form>
    </FormCard>
  );
}
