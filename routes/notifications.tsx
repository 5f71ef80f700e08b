import { BUTTON } from "@/components/ui/Button.tsx";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import { MoreLink } from "@/components/MoreLink.tsx";
import { assertSignedIn } from "@/lib/auth/state.ts";
import type { State } from "@/lib/http/api.ts";
import { redirect } from "@/lib/http/pages.ts";
import { parseForm, parseQuery } from "@/lib/http/validate.ts";
import {
  listNotifications,
  markAllRead,
  markRead,
} from "@/lib/notifications/inbox.ts";
import {
  markReadFormSchema,
  notificationsPageQuerySchema,
} from "@/lib/notifications/schemas.ts";
import {
  notificationPath,
  type RenderedNotification,
  renderNotification,
} from "@/lib/notifications/render.ts";
import type { NotificationKind } from "@/lib/notifications/model.ts";
import { forInApp } from "@/lib/notifications/in_app.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface Entry {
  id: string;
  kind: NotificationKind;
  created_at: Date;
  read: boolean;
  path: string;
  email: RenderedNotification;
}

interface Data {
  entries: Entry[];
  older: string | null;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const { db, config } = ctx.state;
    const query = parseQuery(ctx.url, notificationsPageQuerySchema);
    const origin = config.appOrigin ?? ctx.url.origin;
    const page = await listNotifications(db, user.id, { after: query.after });
    return ctx.render({
      // Rendered for the signed-in user only: every row here is theirs.
      // Account links only on the embedded demo database (lib/notifications/in_app.ts).
      entries: page.items.map((stored) => forInApp(stored, !config.databaseUrl))
        .map((n) => ({
          id: n.id,
          kind: n.kind,
          created_at: n.created_at,
          read: n.read_at !== null,
          path: notificationPath(n),
          // In the page's own locale, as the rest of the page.
          email: renderNotification(
            n,
            { ...user, locale: ctx.state.locale },
            origin,
          ),
        })),
      older: page.next
        ? `/notifications?after=${encodeURIComponent(page.next)}`
        : null,
    }, { headers: { "cache-control": "private, no-store" } });
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const form = await parseForm(req, markReadFormSchema);
    if (!form.ok) throw form.error;
    const { db } = ctx.state;
    if (form.data.action === "read") {
      await markRead(db, user.id, form.data.id);
    } else {
      await markAllRead(db, user.id);
    }
    return redirect("/notifications");
  },
};

const buttonClass = BUTTON.secondary;

function MarkRead({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <form method="post" action="/notifications" class="inline">
      <input type="hidden" name="action" value="read" />
      <input type="hidden" name="id" value={id} />
      <button type="submit" class={buttonClass}>
        {t("notifications.markRead")}
      </button>
    </form>
  );
}

function NotificationEntry(
  { entry, timeZone }: { entry: Entry; timeZone: string },
) {
  const { t, parts, dateTime } = useI18n();
  const time = (
    <time dateTime={entry.created_at.toISOString()}>
      {dateTime(entry.created_at, timeZone)}
    </time>
  );
  return (
    <li
      data-notification-kind={entry.kind}
      data-notification-id={entry.id}
      data-read={String(entry.read)}
      class={`space-y-2 rounded-card border p-4 shadow-sm ${
        entry.read ? "border-line bg-white" : "border-brand-200 bg-brand-50"
      }`}
    >
      <div class="flex flex-wrap items-start justify-between gap-2">
        <div class="min-w-0">
          <a
            href={entry.path}
            class="break-words font-medium text-brand-700 underline"
          >
            {entry.email.subject}
          </a>
          <p class="text-small text-muted">
            {entry.read ? time : parts("notifications.unread", { time })}
          </p>
        </div>
        {!entry.read && <MarkRead id={entry.id} />}
      </div>
      <details>
        <summary class="cursor-pointer text-small text-muted">
          {t("notifications.email")}
        </summary>
        <div class="mt-2 rounded-control border border-line bg-white p-3 text-small">
          <p class="font-medium">
            {t("notifications.subject", { subject: entry.email.subject })}
          </p>
          <pre class="mt-2 whitespace-pre-wrap break-words font-sans">{entry.email.text}</pre>
        </div>
      </details>
    </li>
  );
}

export default function NotificationsPage(
  { data, state }: PageProps<Data, State>,
) {
  const { t } = useI18n();
  const user = state.user!;
  const unread = data.entries.some((e) => !e.read);
  return (
    <PageShell title={t("nav.notifications")} user={user}>
      <PageHeader
        title={t("nav.notifications")}
        actions={unread && (
          <form method="post" action="/notifications">
            <input type="hidden" name="action" value="read-all" />
            <button type="submit" class={buttonClass}>
              {t("notifications.markAllRead")}
            </button>
          </form>
        )}
      >
        <p>
          {t("notifications.intro")}{" "}
          <a class="underline" href="/account/notifications">
            {t("notifications.settings")}
          </a>
        </p>
      </PageHeader>
      {data.entries.length === 0
        ? (
          <div class="mt-6">
            <EmptyState icon="bell">{t("notifications.none")}</EmptyState>
          </div>
        )
        : (
          <ul class="mt-6 space-y-3">
            {data.entries.map((entry) => (
              <NotificationEntry entry={entry} timeZone={user.time_zone} />
            ))}
          </ul>
        )}
      {data.older && (
        <MoreLink href={data.older} label={t("notifications.older")} />
      )}
    </PageShell>
  );
}
