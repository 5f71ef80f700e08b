import type { PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import LocalTime from "@/islands/LocalTime.tsx";
import { BUTTON } from "@/components/ui/Button.tsx";
import { Icon } from "@/components/ui/Icon.tsx";
import type { State } from "@/lib/http/api.ts";

export default function Home({ state }: PageProps<unknown, State>) {
  const user = state.user;
  return (
    <PageShell title="Talkroom" user={user}>
      <section class="space-y-6 py-8 sm:py-12">
        <h1 class="max-w-3xl text-display font-bold tracking-tight text-ink">
          Lessons face to face, right from the booking
        </h1>
        <p class="max-w-2xl text-heading font-normal text-muted">
          Teachers publish lesson slots, students book them, and at lesson time
          both open the booking and talk in a direct video call. No installs, no
          links to send around.
        </p>
        <div class="flex flex-wrap gap-3">
          {user
            ? (
              <a
                class={BUTTON.primary}
                href="/bookings"
              >
                Go to your bookings
                <Icon name="arrowRight" />
              </a>
            )
            : (
              <>
                <a
                  class={BUTTON.primary}
                  href="/register"
                >
                  Create an account
                </a>
                <a
                  class={BUTTON.secondary}
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
