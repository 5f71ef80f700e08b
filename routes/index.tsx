import type { PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import LocalTime from "@/islands/LocalTime.tsx";
import type { State } from "@/lib/http/api.ts";

export default function Home({ state }: PageProps<unknown, State>) {
  const user = state.user;
  return (
    <PageShell title="Talkroom" user={user}>
      <section class="space-y-4 py-8">
        <h1 class="text-display font-bold tracking-tight sm:text-4xl">
          Lessons face to face, right from the booking
        </h1>
        <p class="max-w-2xl text-heading text-muted">
          Teachers publish lesson slots, students book them, and at lesson time
          both open the booking and talk in a direct video call. No installs, no
          links to send around.
        </p>
        <div class="flex flex-wrap gap-3">
          {user
            ? (
              <a
                class="rounded-control bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
                href="/bookings"
              >
                Go to your bookings
              </a>
            )
            : (
              <>
                <a
                  class="rounded-control bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
                  href="/register"
                >
                  Create an account
                </a>
                <a
                  class="rounded-control border border-field bg-white px-4 py-2 font-medium hover:bg-slate-50"
                  href="/login"
                >
                  Sign in
                </a>
              </>
            )}
        </div>
        <LocalTime />
      </section>
    </PageShell>
  );
}
