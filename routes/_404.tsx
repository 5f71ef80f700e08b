import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { BUTTON } from "@/components/ui/Button.tsx";
import type { State } from "@/lib/http/api.ts";
import { isRefusalPageData, type RefusalPageData } from "@/lib/http/pages.ts";
import { PageShell } from "@/components/PageShell.tsx";

// The not-found page, and the page of every other expected refusal (403,
// 409, 429, 503) that routes/_middleware.ts maps a thrown error to: the
// runtime renders only this page and _500 from middleware, and _500 is kept
// for crashes.
export const handler: Handlers<RefusalPageData | undefined, State> = {
  GET(_req, ctx) {
    const data = isRefusalPageData(ctx.data) ? ctx.data : undefined;
    return ctx.render(data, { status: data?.status ?? 404 });
  },
};

const TITLES: Record<number, string> = {
  403: "You do not have access to this page",
  409: "That cannot be done now",
  429: "Too many attempts",
  503: "Talkroom is briefly unavailable",
};

function explain(data: RefusalPageData): string {
  if (data.status === 403) {
    return "This page belongs to other people. If you think you should see it, check that you are signed in with the right account.";
  }
  if (data.status === 503) {
    return "We cannot reach our database at the moment. Your data is safe; please try again in a minute.";
  }
  return data.message;
}

export default function NotFound(
  { data, state }: PageProps<RefusalPageData | undefined, State>,
) {
  if (!isRefusalPageData(data)) {
    return (
      <PageShell title="Page not found" user={state.user}>
        <PageHeader title="Page not found" />
        <p class="text-muted">
          There is nothing at this address.{" "}
          <a class="text-brand-700 underline" href="/">
            Go to the start page
          </a>
        </p>
      </PageShell>
    );
  }
  const title = TITLES[data.status] ?? "That did not work";
  return (
    <PageShell title={title} user={state.user}>
      <PageHeader title={title} />
      <p class="text-muted">{explain(data)}</p>
      <p class="mt-6">
        <a class={BUTTON.secondary} href="/bookings">
          Go to your bookings
        </a>
      </p>
    </PageShell>
  );
}
