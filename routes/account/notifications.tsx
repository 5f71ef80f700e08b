import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { Notice } from "@/components/ui/Notice.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import { CheckboxField, SubmitButton } from "@/components/Form.tsx";
import { assertSignedIn } from "@/lib/auth/state.ts";
import type { State } from "@/lib/http/api.ts";
import { redirect } from "@/lib/http/pages.ts";
import { parseForm } from "@/lib/http/validate.ts";
import {
  type EmailPreferences,
  getEmailPreferences,
  setEmailPreferences,
} from "@/lib/notifications/preferences.ts";
import { emailPreferencesFormSchema } from "@/lib/notifications/schemas.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

interface Data {
  preferences: EmailPreferences;
  saved: boolean;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    return ctx.render({
      preferences: await getEmailPreferences(ctx.state.db, user.id),
      saved: ctx.url.searchParams.get("saved") === "1",
    });
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const form = await parseForm(req, emailPreferencesFormSchema);
    if (!form.ok) throw form.error;
    await setEmailPreferences(ctx.state.db, user.id, form.data);
    return redirect("/account/notifications?saved=1");
  },
};

const CHOICES: {
  name: keyof EmailPreferences;
  label: MessageKey;
  hint: MessageKey;
}[] = [
  {
    name: "email_changes",
    label: "account.notifications.changes",
    hint: "account.notifications.changesHint",
  },
  {
    name: "email_reminders",
    label: "account.notifications.reminders",
    hint: "account.notifications.remindersHint",
  },
];

export default function EmailPreferencesPage(
  { data, state }: PageProps<Data, State>,
) {
  const { t, parts } = useI18n();
  return (
    <PageShell title={t("account.notifications.title")} user={state.user}>
      <div class="mx-auto max-w-md space-y-6">
        <PageHeader title={t("account.notifications.title")} />
        {data.saved && (
          <Notice tone="success" role="status">
            {t("account.saved")}
          </Notice>
        )}
        <p class="text-muted">
          {parts("account.notifications.intro", {
            link: (
              <a class="underline" href="/notifications">
                {t("account.notifications.link")}
              </a>
            ),
          })}
        </p>
        <form
          method="post"
          action="/account/notifications"
          class="space-y-4 rounded-card border border-line bg-white p-4 shadow-sm sm:p-6"
        >
          {CHOICES.map((c) => (
            <CheckboxField
              key={c.name}
              name={c.name}
              label={t(c.label)}
              hint={t(c.hint)}
              checked={data.preferences[c.name]}
            />
          ))}
          <div class="grid">
            <SubmitButton>{t("account.notifications.save")}</SubmitButton>
          </div>
        </form>
        <p>
          <a class="text-brand-700 underline" href="/account">
            {t("account.notifications.back")}
          </a>
        </p>
      </div>
    </PageShell>
  );
}
