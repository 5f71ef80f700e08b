import { defineLayout } from "$fresh/server.ts";
import { UnreadCount } from "@/components/NotificationBell.tsx";
import { countUnread } from "@/lib/notifications/inbox.ts";
import { isRefusalPageData } from "@/lib/http/pages.ts";
import { I18nContext, i18nFor } from "@/lib/i18n/i18n.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import type { State } from "@/lib/http/api.ts";

// Every page's header shows the signed-in user's unread count; it is read
// once here, for the whole page, and handed down through a context.
export default defineLayout<State>(async (_req, ctx) => {
  const count = await unreadCount(ctx.state, ctx.data);
  return (
    <I18nContext.Provider value={i18nFor(ctx.state.locale ?? DEFAULT_LOCALE)}>
      <UnreadCount.Provider value={count}>
        <ctx.Component />
      </UnreadCount.Provider>
    </I18nContext.Provider>
  );
});

async function unreadCount(
  state: Partial<State>,
  data: unknown,
): Promise<number | null> {
  const { user, db } = state;
  if (!user || !db) return null;
  // Read with the session by the middleware (GET pages).
  if (state.unread !== undefined) return state.unread;
  // The page saying the database is down does not ask it again.
  if (isRefusalPageData(data) && data.status === 503) return null;
  try {
    return await countUnread(db, user.id);
  } catch {
    // A header must not turn a page (an error page above all) into a 500.
    return null;
  }
}
