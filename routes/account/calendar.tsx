import type { Handlers, PageProps } from "$fresh/server.ts";
import { Notice } from "@/components/ui/Notice.tsx";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { z } from "zod";
import { PageShell } from "@/components/PageShell.tsx";
import { FormError, SubmitButton } from "@/components/Form.tsx";
import { Section } from "@/components/account/AccountForms.tsx";
import { assertSignedIn } from "@/lib/auth/state.ts";
import type { State } from "@/lib/http/api.ts";
import { redirect } from "@/lib/http/pages.ts";
import { parseForm } from "@/lib/http/validate.ts";
import {
  createFeedToken,
  feedPath,
  getFeedCreatedAt,
  revokeFeed,
} from "@/lib/calendar/feed.ts";
import { publicOrigin } from "@/lib/calendar/response.ts";
import { formatDateTime } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface Data {
  /** When the current feed was made, or null when there is none. */
  createdAt: Date | null;
  /** The new feed's URL, right after it was made: shown this once only. */
  newUrl: string | null;
  notice: string | null;
  error: string | null;
}

const actionSchema = z.object({
  action: z.enum(["create", "revoke"], {
    message: "Choose create or revoke",
  }),
});

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const revoked = ctx.url.searchParams.get("done") === "revoked";
    return ctx.render({
      createdAt: await getFeedCreatedAt(ctx.state.db, user.id),
      newUrl: null,
      notice: revoked
        ? "Your calendar feed is off: its address no longer works"
        : null,
      error: null,
    });
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const { db, config } = ctx.state;
    const form = await parseForm(req, actionSchema);
    if (!form.ok) {
      return ctx.render({
        createdAt: await getFeedCreatedAt(db, user.id),
        newUrl: null,
        notice: null,
        error: form.error.fields.action ?? "Choose create or revoke",
      }, { status: 400 });
    }
    if (form.data.action === "revoke") {
      await revokeFeed(db, user.id);
      return redirect("/account/calendar?done=revoked");
    }
    // The token is kept only hashed, so the page shows it now or never.
    const token = await createFeedToken(db, user.id);
    return ctx.render({
      createdAt: await getFeedCreatedAt(db, user.id),
      newUrl: publicOrigin(config, ctx.url) + feedPath(token),
      notice: null,
      error: null,
    });
  },
};

function NewFeed({ url }: { url: string }) {
  const webcal = url.replace(/^https?:/, "webcal:");
  return (
    <div
      role="status"
      class="space-y-2 rounded-control border border-success-200 bg-success-50 p-3 text-small text-success-800"
    >
      <p class="font-medium">
        Your new feed address (copy it now: it is shown only this once)
      </p>
      <input
        id="feed-url"
        readOnly
        value={url}
        aria-label="Calendar feed address"
        data-feed-url
        class="block w-full rounded-control border border-field bg-white px-2 py-1 font-mono text-xs"
      />
      <p>
        <a class="text-brand-700 underline" href={webcal}>
          Open in your calendar app
        </a>
      </p>
    </div>
  );
}

export default function CalendarFeedPage(
  { data, state }: PageProps<Data, State>,
) {
  const { locale } = useI18n();
  const user = state.user!;
  const { createdAt } = data;
  return (
    <PageShell title="Calendar feed" user={user}>
      <div class="mx-auto max-w-md space-y-6">
        <PageHeader
          back={{ href: "/account", label: "Your account" }}
          title="Calendar feed"
        />
        {data.notice && (
          <Notice tone="success" role="status">
            {data.notice}
          </Notice>
        )}
        <FormError message={data.error} />
        {data.newUrl && <NewFeed url={data.newUrl} />}

        <Section id="feed" title="Your lessons in your calendar">
          <p class="text-small text-slate-700">
            A private address that Google Calendar ("Other calendars", "From
            URL"), Apple Calendar ("New Calendar Subscription") or Outlook ("Add
            calendar", "Subscribe from web") can subscribe to. It lists your
            upcoming lessons and those of the last 30 days; calendar apps
            refresh it every few hours. Anyone who has the address can see your
            lessons: keep it to yourself.
          </p>
          <p
            class="text-small font-medium"
            data-feed-state={createdAt ? "on" : "off"}
          >
            {createdAt
              ? `Your feed is on (address made ${
                formatDateTime(createdAt, user.time_zone, locale)
              })`
              : "You have no calendar feed"}
          </p>
          <form method="post" action="/account/calendar" class="grid">
            <input type="hidden" name="action" value="create" />
            <SubmitButton>
              {createdAt ? "Make a new address" : "Make my feed address"}
            </SubmitButton>
          </form>
          {createdAt && (
            <form method="post" action="/account/calendar" class="grid">
              <p class="mb-2 text-small text-muted">
                A new address ends the old one, and so does turning the feed
                off.
              </p>
              <input type="hidden" name="action" value="revoke" />
              <SubmitButton variant="danger">Turn the feed off</SubmitButton>
            </form>
          )}
        </Section>
      </div>
    </PageShell>
  );
}
