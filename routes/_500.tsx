import type { PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import type { State } from "@/lib/http/api.ts";

// Only for crashes: expected errors (the app's error classes) are turned into
// their pages by routes/_middleware.ts and never reach this page.
export default function ErrorPage({ state }: PageProps<unknown, State>) {
  const title = "Something went wrong";
  return (
    <PageShell title={title} user={state.user ?? null}>
      <h1 class="text-title font-semibold">{title}</h1>
      <p class="mt-2 text-muted">
        The server could not complete this request. Please try again in a
        moment.
      </p>
      <p class="mt-4">
        <a class="text-brand-700 underline" href="/bookings">
          Go to your bookings
        </a>
      </p>
    </PageShell>
  );
}
