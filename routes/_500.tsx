import type { PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { BUTTON } from "@/components/ui/Button.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import type { State } from "@/lib/http/api.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

// Only for crashes: expected errors (the app's error classes) are turned into
// their pages by routes/_middleware.ts and never reach this page.
export default function ErrorPage({ state }: PageProps<unknown, State>) {
  const { t } = useI18n();
  const title = t("page500.title");
  return (
    <PageShell title={title} user={state.user ?? null}>
      <PageHeader title={title} />
      <p class="text-muted">{t("page500.text")}</p>
      <p class="mt-6">
        <a class={BUTTON.secondary} href="/bookings">
          {t("page500.bookings")}
        </a>
      </p>
    </PageShell>
  );
}
