import { useI18n } from "@/lib/i18n/i18n.ts";
import type { Handlers, PageProps } from "$fresh/server.ts";
import { Notice } from "@/components/ui/Notice.tsx";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import { Field, FormError, SubmitButton } from "@/components/Form.tsx";
import { loginSchema } from "@/lib/auth/schemas.ts";
import {
  ForbiddenError,
  TooManyRequestsError,
  UnauthorizedError,
} from "@/lib/errors.ts";
import type { State } from "@/lib/http/api.ts";
import {
  type FormProblem,
  formProblem,
  redirect,
  withFormErrors,
} from "@/lib/http/pages.ts";
import { DEFAULT_NEXT, safeNext } from "@/lib/auth/next.ts";
import { signIn, signOut } from "@/lib/http/sign_in.ts";
import { parseForm } from "@/lib/http/validate.ts";

interface LoginData {
  email: string;
  /** Where to go after signing in; always a same-site path. */
  next: string;
  /** A message about the whole form: wrong credentials, throttling. */
  error: string | null;
  fields: Record<string, string>;
}

export const handler: Handlers<LoginData, State> = {
  GET(_req, ctx) {
    const next = safeNext(ctx.url.searchParams.get("next"));
    if (ctx.state.user) return redirect(next);
    return ctx.render({ email: "", next, error: null, fields: {} });
  },

  async POST(req, ctx) {
    const form = await parseForm(req, loginSchema);
    const next = safeNext(form.values.next);
    const email = (form.values.email ?? "").trim();
    const again = (problem: FormProblem) =>
      ctx.render(
        { email, next, error: problem.message, fields: problem.fields },
        { status: problem.status },
      );
    if (!form.ok) return again(formProblem(form.error, ctx.state.locale));
    const credentials = form.data;
    return await withFormErrors(
      async () => {
        const { cookie } = await signIn(req, ctx.state, credentials);
        // Signing in as someone else ends the session this browser had.
        if (ctx.state.sessionId) {
          await signOut(req, ctx.state, ctx.state.sessionId);
        }
        const res = redirect(next);
        res.headers.set("set-cookie", cookie);
        return res;
      },
      again,
      ctx.state.locale,
      [TooManyRequestsError, UnauthorizedError, ForbiddenError],
    );
  },
};

export default function LoginPage(
  { data, state }: PageProps<LoginData, State>,
) {
  const demo = state.config.databaseUrl === null;
  const registerHref = data.next === DEFAULT_NEXT
    ? "/register"
    : `/register?next=${encodeURIComponent(data.next)}`;
  const { t } = useI18n();
  return (
    <PageShell title={t("login.title")} user={state.user}>
      <div class="mx-auto max-w-md">
        <PageHeader title={t("login.title")}>
          <p class="text-body">{t("login.intro")}</p>
        </PageHeader>
        <form
          method="post"
          action="/login"
          class="space-y-5 rounded-card border border-line bg-white p-4 shadow-sm sm:p-6"
        >
          <FormError message={data.error} />
          <Field
            label={t("field.email")}
            name="email"
            type="email"
            value={data.email}
            error={data.fields.email}
            autocomplete="email"
            required
          />
          <Field
            label={t("field.password")}
            name="password"
            type="password"
            error={data.fields.password}
            autocomplete="current-password"
            required
          />
          <div class="grid pt-1">
            <SubmitButton>{t("login.submit")}</SubmitButton>
          </div>
          {/* Last, so the spacing between visible fields is not thrown off. */}
          <input type="hidden" name="next" value={data.next} />
        </form>
        <p class="mt-4 text-center text-muted">
          <a
            class="font-medium text-brand-700 underline"
            href="/forgot-password"
          >
            {t("login.forgot")}
          </a>
        </p>
        <p class="mt-2 text-center text-muted">
          {t("login.newHere")}{" "}
          <a
            class="font-medium text-brand-700 underline"
            href={registerHref}
          >
            {t("nav.register")}
          </a>
        </p>
        {demo && (
          <div class="mt-6">
            <Notice tone="info">{t("login.demo")}</Notice>
          </div>
        )}
      </div>
    </PageShell>
  );
}
