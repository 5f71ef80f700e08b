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
import { useI18n } from "@/lib/i18n/i18n.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import ZoneOffer from "@/islands/ZoneOffer.tsx";
import TimeZoneSelect from "@/islands/TimeZoneSelect.tsx";
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
const SAVED: Record<string, string> = {
  "1": "Saved",
  password: "Password changed: your other sessions were signed out",
};

const ROLE_NAMES: Record<Role, string> = {
  student: "Student",
  teacher: "Teacher",
  admin: "Administrator",
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
        formProblem(form.error),
        "Your change was not saved: check the form",
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
      [BadRequestError, ConflictError, TooManyRequestsError],
    );
  },
};

export default function AccountPage(
  { data }: PageProps<AccountData, State>,
) {
  const { user } = data;
  const { t } = useI18n();
  const saved = data.saved ? SAVED[data.saved] : undefined;
  return (
    <PageShell title="Your account" user={user}>
      <div class="mx-auto max-w-md space-y-6">
        <ZoneOffer
          accountZone={user.time_zone}
          next="/account"
          text={t("zoneOffer.text")}
          switchLabel={t("zoneOffer.switch")}
        />
        <PageHeader title="Your account" />
        {saved && (
          <Notice tone="success" role="status">
            {saved}
          </Notice>
        )}
        <FormError message={data.error} />
        <p>
          <a class="text-brand-700 underline" href="/account/notifications">
            E-mail preferences
          </a>
        </p>
        {user.role === "teacher" && (
          <p>
            <a class="text-brand-700 underline" href="/account/profile">
              Your teacher profile
            </a>
          </p>
        )}

        <Section id="profile" title="Profile">
          <dl class="space-y-3">
            <div>
              <dt class="text-small text-muted">Name</dt>
              <dd class="break-words font-medium">{user.username}</dd>
            </div>
            <div>
              <dt class="text-small text-muted">Email</dt>
              <dd class="break-all font-medium">{user.email}</dd>
            </div>
            <div>
              <dt class="text-small text-muted">Role</dt>
              <dd class="font-medium">{ROLE_NAMES[user.role]}</dd>
            </div>
          </dl>
          <NameForm state={data} />
          <a class="text-brand-700 underline" href="/account/calendar">
            Calendar feed
          </a>
        </Section>

        <EmailSection state={data} sent={data.saved === "email"} />
        <PasswordSection state={data} />

        <Section id="time-zone" title="Time zone">
          <form method="post" action="/account" class="space-y-4">
            <TimeZoneSelect
              defaultValue={user.time_zone}
              zones={Intl.supportedValuesOf("timeZone")}
              detect={false}
              label="Show lesson times in"
              error={data.action === "time_zone"
                ? data.fields.time_zone
                : undefined}
            />
            <div class="grid">
              <SubmitButton>Save time zone</SubmitButton>
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
          <Section id="bookings" title="New bookings">
            <p class="text-small text-slate-700">
              Whether you confirm each booking yourself, your weekly hours,
              lesson lengths and policies are on{" "}
              <a class="text-brand-700 underline" href="/availability">
                your availability page
              </a>.
            </p>
          </Section>
        )}
      </div>
    </PageShell>
  );
}
