import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import { Field, FormError, SubmitButton } from "@/components/Form.tsx";
import { TimeZoneField } from "@/components/account/TimeZoneField.tsx";
import { registerUser } from "@/lib/auth/users.ts";
import { PASSWORD_MIN_LENGTH, registerSchema } from "@/lib/auth/schemas.ts";
import { DEFAULT_NEXT, safeNext } from "@/lib/auth/next.ts";
import {
  BadRequestError,
  ConflictError,
  TooManyRequestsError,
} from "@/lib/errors.ts";
import type { State } from "@/lib/http/api.ts";
import {
  type FormProblem,
  formProblem,
  redirect,
  withFormErrors,
} from "@/lib/http/pages.ts";
import { startSession } from "@/lib/http/sign_in.ts";
import { parseForm } from "@/lib/http/validate.ts";
import { i18nFor, useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

interface RegisterData {
  /** What was typed (never the password). */
  values: { email: string; username: string; role: string; time_zone: string };
  fields: Record<string, string>;
  error: string | null;
  next: string;
  /** Whether the time zone still is the server's default, so the browser may pick its own. */
  detectZone: boolean;
}

const DEFAULT_ZONE = "UTC";

const ROLE_CHOICES: { value: string; label: MessageKey; hint: MessageKey }[] = [
  {
    value: "student",
    label: "account.role.student",
    hint: "auth.register.studentHint",
  },
  {
    value: "teacher",
    label: "account.role.teacher",
    hint: "auth.register.teacherHint",
  },
];

export const handler: Handlers<RegisterData, State> = {
  GET(_req, ctx) {
    const next = safeNext(ctx.url.searchParams.get("next"));
    if (ctx.state.user) return redirect(next);
    return ctx.render({
      values: { email: "", username: "", role: "student", time_zone: "" },
      fields: {},
      error: null,
      next,
      detectZone: true,
    });
  },

  async POST(req, ctx) {
    const form = await parseForm(req, registerSchema);
    const v = form.values;
    const page = (
      fields: Record<string, string>,
      error: string | null,
      status: number,
    ) =>
      ctx.render({
        values: {
          email: (v.email ?? "").trim(),
          username: v.username ?? "",
          role: v.role ?? "",
          time_zone: v.time_zone ?? "",
        },
        fields,
        error,
        next: safeNext(v.next),
        detectZone: false,
      }, { status });

    // A taken address is said by the email field.
    const again = (problem: FormProblem) =>
      problem.status === 409
        ? page({ email: problem.message ?? "" }, null, 409)
        : page(
          problem.fields,
          problem.message ??
            i18nFor(ctx.state.locale).t("auth.register.checkFields"),
          problem.status,
        );
    if (!form.ok) return again(formProblem(form.error, ctx.state.locale));
    const input = form.data;
    return await withFormErrors(
      async () => {
        const user = await registerUser(
          ctx.state.db,
          input,
          ctx.state.clientAddress,
        );
        // The new account is signed in directly: no second password hash, and
        // no login throttle that could refuse a freshly created account.
        const { cookie } = await startSession(req, ctx.state, user);
        const res = redirect(safeNext(v.next));
        res.headers.set("set-cookie", cookie);
        return res;
      },
      again,
      ctx.state.locale,
      [BadRequestError, ConflictError, TooManyRequestsError],
    );
  },
};

export default function RegisterPage(
  { data, state }: PageProps<RegisterData, State>,
) {
  const { values, fields } = data;
  const loginHref = data.next === DEFAULT_NEXT
    ? "/login"
    : `/login?next=${encodeURIComponent(data.next)}`;
  const { t } = useI18n();
  return (
    <PageShell title={t("auth.register.title")} user={state.user}>
      <div class="mx-auto max-w-md">
        <PageHeader title={t("auth.register.title")}>
          <p class="text-body">{t("auth.register.intro")}</p>
        </PageHeader>
        <form
          method="post"
          action="/register"
          class="space-y-5 rounded-card border border-line bg-white p-4 shadow-sm sm:p-6"
        >
          <FormError message={data.error} />
          <Field
            label={t("field.email")}
            name="email"
            type="email"
            value={values.email}
            error={fields.email}
            autocomplete="email"
            required
          />
          <Field
            label={t("field.password")}
            name="password"
            type="password"
            error={fields.password}
            hint={t("auth.register.passwordHint", {
              count: PASSWORD_MIN_LENGTH,
            })}
            autocomplete="new-password"
            required
          />
          <Field
            label={t("account.name")}
            name="username"
            value={values.username}
            error={fields.username}
            hint={t("auth.register.nameHint")}
            autocomplete="name"
            required
          />
          <fieldset
            class="space-y-2"
            aria-describedby={fields.role ? "field-role-error" : undefined}
          >
            <legend class="mb-1 block text-small font-medium text-ink">
              {t("auth.register.role")}
            </legend>
            <div class="grid grid-cols-2 gap-3">
              {ROLE_CHOICES.map((choice) => (
                <label
                  key={choice.value}
                  class="flex min-h-[44px] cursor-pointer items-start gap-2 rounded-control border border-field bg-white px-3 py-3 hover:bg-slate-50"
                >
                  <input
                    type="radio"
                    name="role"
                    value={choice.value}
                    checked={values.role === choice.value}
                    required
                    class="mt-1 h-4 w-4 shrink-0 accent-brand-700"
                  />
                  <span>
                    <span class="block font-medium">{t(choice.label)}</span>
                    <span class="block text-small text-muted">
                      {t(choice.hint)}
                    </span>
                  </span>
                </label>
              ))}
            </div>
            {fields.role && (
              <p id="field-role-error" class="text-small text-danger-700">
                {fields.role}
              </p>
            )}
          </fieldset>
          <TimeZoneField
            defaultValue={values.time_zone || DEFAULT_ZONE}
            detect={data.detectZone}
            error={fields.time_zone}
          />
          <div class="grid pt-1">
            <SubmitButton>{t("auth.register.submit")}</SubmitButton>
          </div>
          {data.next !== DEFAULT_NEXT && (
            <input type="hidden" name="next" value={data.next} />
          )}
        </form>
        <p class="mt-4 text-center text-muted">
          {t("auth.register.haveAccount")}{" "}
          <a class="font-medium text-brand-700 underline" href={loginHref}>
            {t("nav.signIn")}
          </a>
        </p>
      </div>
    </PageShell>
  );
}
