import type { PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { BUTTON } from "@/components/ui/Button.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import type { State } from "@/lib/http/api.ts";

// Only for crashes: expected errors (the app's error classes) are turned into
// their pages by routes/_middleware.ts and never reach this page.
export default function ErrorPage({ state }: PageProps<unknown, State>) {
  const title = "Something went wrong";
  return (
    <PageShell title={title} user={state.user ?? null}>
      <PageHeader title={title} />
      <p class="text-muted">
        The server could not complete this request. Please try again in a
        moment.
      </p>
      <p class="mt-6">
        <a class={BUTTON.secondary} href="/bookings">
          Go to your bookings
        </a>
      </p>
    </PageShell>
  );
}
