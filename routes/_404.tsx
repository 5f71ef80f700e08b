import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { BUTTON } from "@/components/ui/Button.tsx";
import type { State } from "@/lib/http/api.ts";
import { isRefusalPageData, type RefusalPageData } from "@/lib/http/pages.ts";
import { PageShell } from "@/components/PageShell.tsx";
import { type I18n, useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

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

const TITLES: Record<number, MessageKey> = {
  403: "page404.title403",
  409: "page404.title409",
  429: "page404.title429",
  503: "page404.title503",
};

// 403 and 503 have words of their own; the others say what was refused.
function explain(data: RefusalPageData, { t }: I18n): string {
  if (data.status === 403) return t("page404.text403");
  if (data.status === 503) return t("page404.text503");
  return data.message;
}

export default function NotFound(
  { data, state }: PageProps<RefusalPageData | undefined, State>,
) {
  const i18n = useI18n();
  const { t } = i18n;
  if (!isRefusalPageData(data)) {
    return (
      <PageShell title={t("page404.title")} user={state.user}>
        <PageHeader title={t("page404.title")} />
        <p class="text-muted">
          {t("page404.text")}{" "}
          <a class="text-brand-700 underline" href="/">
            {t("page404.home")}
          </a>
        </p>
      </PageShell>
    );
  }
  const title = t(TITLES[data.status] ?? "page404.titleOther");
  return (
    <PageShell title={title} user={state.user}>
      <PageHeader title={title} />
      <p class="text-muted">{explain(data, i18n)}</p>
      <p class="mt-6">
        <a class={BUTTON.secondary} href="/bookings">
          {t("page404.bookings")}
        </a>
      </p>
    </PageShell>
  );
}
