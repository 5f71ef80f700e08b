import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { Notice } from "@/components/ui/Notice.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import { FormError, SubmitButton } from "@/components/Form.tsx";
import {
  type AccountFormState,
  EmailSection,
  NameForm,
  PasswordSection,
  Section,
} from "@/components/account/AccountForms.tsx";
import { browserLocale, LocaleForm } from "@/components/account/LocaleForm.tsx";
import { TimeZoneField } from "@/components/account/TimeZoneField.tsx";
import { i18nFor, useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import ZoneOffer from "@/islands/ZoneOffer.tsx";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { accountFormSchema } from "@/lib/auth/account_schemas.ts";
import {
  changePassword,
  requestEmailChange,
  updateName,
} from "@/lib/auth/profile.ts";
import { type Role, updateLocale, updateTimeZone } from "@/lib/auth/users.ts";
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
import { parseForm } from "@/lib/http/validate.ts";

interface AccountData extends AccountFormState {
  /** The locale the browser asks for, for the format setting's "automatic". */
  browser: string;
  /** What `?saved=` says was just done. */
  saved: string | null;
  error: string | null;
}

// What each `?saved=` shows.
const SAVED: Record<string, MessageKey> = {
  "1": "account.saved",
  password: "account.savedPassword",
};

const ROLE_NAMES: Record<Role, MessageKey> = {
  student: "account.role.student",
  teacher: "account.role.teacher",
  admin: "account.role.admin",
};

export const handler: Handlers<AccountData, State> = {
  GET(req, ctx) {
    return ctx.render({
      user: assertSignedIn(ctx),
      browser: browserLocale(req) ?? DEFAULT_LOCALE,
      saved: ctx.url.searchParams.get("saved"),
      action: null,
      fields: {},
      values: {},
      error: null,
    });
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const form = await parseForm(req, accountFormSchema);
    const action = form.values.action ?? null;
    const values = { email: form.values.email ?? "" };
    const again = (problem: FormProblem, error = problem.message) =>
      ctx.render(
        {
          user,
          browser: browserLocale(req) ?? DEFAULT_LOCALE,
          saved: null,
          action,
          fields: problem.fields,
          values,
          error,
        },
        { status: problem.status },
      );
    if (!form.ok) {
      return again(
        formProblem(form.error, ctx.state.locale),
        i18nFor(ctx.state.locale).t("account.notSaved"),
      );
    }
    const { db, clientAddress: address, sessionId, signaling } = ctx.state;
    const input = form.data;
    return await withFormErrors(
      async () => {
        switch (input.action) {
          case "name":
            await updateName(db, user.id, input.username);
            break;
          case "email":
            await requestEmailChange(db, user, {
              email: input.email,
              current_password: input.email_password,
              address,
            });
            return redirect("/account?saved=email");
          case "password": {
            const ended = await changePassword(
              db,
              user,
              { ...input, address },
              sessionId,
            );
            for (const id of ended) signaling.closeSession(id);
            return redirect("/account?saved=password");
          }
          case "time_zone":
            await updateTimeZone(db, user.id, input.time_zone);
            if (input.next) return redirect(input.next);
            break;
          case "locale":
            await updateLocale(db, user.id, input.locale || null);
            break;
        }
        return redirect("/account?saved=1");
      },
      again,
      ctx.state.locale,
      [BadRequestError, ConflictError, TooManyRequestsError],
    );
  },
};

export default function AccountPage(
  { data }: PageProps<AccountData, State>,
) {
  const { user } = data;
  const { t, parts } = useI18n();
  const saved = data.saved ? SAVED[data.saved] : undefined;
  return (
    <PageShell title={t("account.title")} user={user}>
      <div class="mx-auto max-w-md space-y-6">
        <ZoneOffer
          accountZone={user.time_zone}
          next="/account"
          text={t("zoneOffer.text")}
          switchLabel={t("zoneOffer.switch")}
        />
        <PageHeader title={t("account.title")} />
        {saved && (
          <Notice tone="success" role="status">
            {t(saved)}
          </Notice>
        )}
        <FormError message={data.error} />
        <p>
          <a class="text-brand-700 underline" href="/account/notifications">
            {t("account.notifications.title")}
          </a>
        </p>
        {user.role === "teacher" && (
          <p>
            <a class="text-brand-700 underline" href="/account/profile">
              {t("account.profile.title")}
            </a>
          </p>
        )}

        <Section id="profile" title={t("account.profileSection")}>
          <dl class="space-y-3">
            <div>
              <dt class="text-small text-muted">{t("account.name")}</dt>
              <dd class="break-words font-medium">{user.username}</dd>
            </div>
            <div>
              <dt class="text-small text-muted">{t("field.email")}</dt>
              <dd class="break-all font-medium">{user.email}</dd>
            </div>
            <div>
              <dt class="text-small text-muted">{t("account.role")}</dt>
              <dd class="font-medium">{t(ROLE_NAMES[user.role])}</dd>
            </div>
          </dl>
          <NameForm state={data} />
          <a class="text-brand-700 underline" href="/account/calendar">
            {t("account.calendar.title")}
          </a>
        </Section>

        <EmailSection state={data} sent={data.saved === "email"} />
        <PasswordSection state={data} />

        <Section id="time-zone" title={t("account.timeZoneSection")}>
          <form method="post" action="/account" class="space-y-4">
            <TimeZoneField
              defaultValue={user.time_zone}
              detect={false}
              label={t("account.timeZoneLabel")}
              error={data.action === "time_zone"
                ? data.fields.time_zone
                : undefined}
            />
            <div class="grid">
              <SubmitButton>{t("account.saveTimeZone")}</SubmitButton>
            </div>
            <input type="hidden" name="action" value="time_zone" />
          </form>
        </Section>

        <Section id="locale" title={t("locale.section")}>
          <LocaleForm
            current={user.locale ?? null}
            browser={data.browser}
            error={data.action === "locale" ? data.fields.locale : undefined}
          />
        </Section>

        {user.role === "teacher" && (
          <Section id="bookings" title={t("account.bookingsSection")}>
            <p class="text-small text-slate-700">
              {parts("account.bookingsText", {
                link: (
                  <a class="text-brand-700 underline" href="/availability">
                    {t("account.bookingsLink")}
                  </a>
                ),
              })}
            </p>
          </Section>
        )}
      </div>
    </PageShell>
  );
}
