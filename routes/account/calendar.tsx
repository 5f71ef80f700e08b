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
import { FEED_PAST_DAYS } from "@/lib/calendar/entries.ts";
import { publicOrigin } from "@/lib/calendar/response.ts";
import { i18nFor, useI18n } from "@/lib/i18n/i18n.ts";

interface Data {
  /** When the current feed was made, or null when there is none. */
  createdAt: Date | null;
  /** The new feed's URL, right after it was made: shown this once only. */
  newUrl: string | null;
  /** Whether the feed was just turned off. */
  revoked: boolean;
  error: string | null;
}

// The buttons always send one of these; anything else is answered below.
const actionSchema = z.object({ action: z.enum(["create", "revoke"]) });

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    return ctx.render({
      createdAt: await getFeedCreatedAt(ctx.state.db, user.id),
      newUrl: null,
      revoked: ctx.url.searchParams.get("done") === "revoked",
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
        revoked: false,
        error: i18nFor(ctx.state.locale).t("account.calendar.chooseAction"),
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
      revoked: false,
      error: null,
    });
  },
};

function NewFeed({ url }: { url: string }) {
  const webcal = url.replace(/^https?:/, "webcal:");
  const { t } = useI18n();
  return (
    <div
      role="status"
      class="space-y-2 rounded-control border border-success-200 bg-success-50 p-3 text-small text-success-800"
    >
      <p class="font-medium">
        {t("account.calendar.newAddress")}
      </p>
      <input
        id="feed-url"
        readOnly
        value={url}
        aria-label={t("account.calendar.addressLabel")}
        data-feed-url
        class="block w-full rounded-control border border-field bg-white px-2 py-1 font-mono text-xs"
      />
      <p>
        <a class="text-brand-700 underline" href={webcal}>
          {t("account.calendar.open")}
        </a>
      </p>
    </div>
  );
}

export default function CalendarFeedPage(
  { data, state }: PageProps<Data, State>,
) {
  const { t, dateTime } = useI18n();
  const user = state.user!;
  const { createdAt } = data;
  return (
    <PageShell title={t("account.calendar.title")} user={user}>
      <div class="mx-auto max-w-md space-y-6">
        <PageHeader
          back={{ href: "/account", label: t("account.title") }}
          title={t("account.calendar.title")}
        />
        {data.revoked && (
          <Notice tone="success" role="status">
            {t("account.calendar.off")}
          </Notice>
        )}
        <FormError message={data.error} />
        {data.newUrl && <NewFeed url={data.newUrl} />}

        <Section id="feed" title={t("account.calendar.section")}>
          <p class="text-small text-slate-700">
            {t("account.calendar.about", {
              days: t("unit.days", { count: FEED_PAST_DAYS }),
            })}
          </p>
          <p
            class="text-small font-medium"
            data-feed-state={createdAt ? "on" : "off"}
          >
            {createdAt
              ? t("account.calendar.on", {
                when: dateTime(createdAt, user.time_zone),
              })
              : t("account.calendar.none")}
          </p>
          <form method="post" action="/account/calendar" class="grid">
            <input type="hidden" name="action" value="create" />
            <SubmitButton>
              {t(
                createdAt ? "account.calendar.remake" : "account.calendar.make",
              )}
            </SubmitButton>
          </form>
          {createdAt && (
            <form method="post" action="/account/calendar" class="grid">
              <p class="mb-2 text-small text-muted">
                {t("account.calendar.revokeNote")}
              </p>
              <input type="hidden" name="action" value="revoke" />
              <SubmitButton variant="danger">
                {t("account.calendar.revoke")}
              </SubmitButton>
            </form>
          )}
        </Section>
      </div>
    </PageShell>
  );
}
