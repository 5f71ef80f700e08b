import { PageShell } from "@/components/PageShell.tsx";

// Never shows the error itself: details go to the server log only.
export default function ServerError() {
  return (
    <PageShell title="Something went wrong">
      <h1 class="text-2xl font-semibold">Something went wrong</h1>
      <p class="mt-2 text-slate-600">
        The server could not complete this request. Please try again in a
        moment.
      </p>
    </PageShell>
  );
}
