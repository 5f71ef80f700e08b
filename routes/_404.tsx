import type { PageProps } from "$fresh/server.ts";
import type { State } from "@/lib/http/api.ts";
import { PageShell } from "@/components/PageShell.tsx";

export default function NotFound({ state }: PageProps<unknown, State>) {
  return (
    <PageShell title="Page not found" user={state.user}>
      <h1 class="text-2xl font-semibold">Page not found</h1>
      <p class="mt-2 text-slate-600">
        There is nothing at this address.{" "}
        <a class="text-indigo-700 underline" href="/">Go to the start page</a>
      </p>
    </PageShell>
  );
}
