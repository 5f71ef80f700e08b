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
  label: string;
  hint: string;
}[] = [
  {
    name: "email_changes",
    label: "Requests and changes",
    hint:
      "New requests, confirmations, declines, cancellations and moved lessons, with a calendar invite.",
  },
  {
    name: "email_reminders",
    label: "Reminders",
    hint:
      "24 hours and 15 minutes before a lesson, and when the other person is waiting in the room.",
  },
];

export default function EmailPreferencesPage(
  { data, state }: PageProps<Data, State>,
) {
  return (
    <PageShell title="E-mail preferences" user={state.user}>
      <div class="mx-auto max-w-md space-y-6">
        <PageHeader title="E-mail preferences" />
        {data.saved && (
          <Notice tone="success" role="status">
            Saved
          </Notice>
        )}
        <p class="text-muted">
          Every notification is always on your{" "}
          <a class="underline" href="/notifications">notifications page</a>.
          Choose which ones are also e-mailed to you. Password reset and e-mail
          change messages are always sent.
        </p>
        <form
          method="post"
          action="/account/notifications"
          class="space-y-4 rounded-card border border-line bg-white p-4 shadow-sm sm:p-6"
        >
          {CHOICES.map((c) => (
            <CheckboxField {...c} checked={data.preferences[c.name]} />
          ))}
          <div class="grid">
            <SubmitButton>Save</SubmitButton>
          </div>
        </form>
        <p>
          <a class="text-brand-700 underline" href="/account">
            Back to your account
          </a>
        </p>
      </div>
    </PageShell>
  );
}
