import type { PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import LocalTime from "@/islands/LocalTime.tsx";
import { BUTTON } from "@/components/ui/Button.tsx";
import { Icon } from "@/components/ui/Icon.tsx";
import ZoneOffer from "@/islands/ZoneOffer.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";
import type { State } from "@/lib/http/api.ts";

export default function Home({ state }: PageProps<unknown, State>) {
  const user = state.user;
  const { t, locale, hour12 } = useI18n();
  return (
    <PageShell title={t("app.name")} user={user}>
      <section class="space-y-6 py-8 sm:py-12">
        {user && (
          <ZoneOffer
            accountZone={user.time_zone}
            next="/"
            text={t("zoneOffer.text")}
            switchLabel={t("zoneOffer.switch")}
          />
        )}
        <h1 class="max-w-3xl text-display font-bold tracking-tight text-ink">
          {t("landing.heading")}
        </h1>
        <p class="max-w-2xl text-heading font-normal text-muted">
          {t("landing.intro")}
        </p>
        <div class="flex flex-wrap gap-3">
          {user
            ? (
              <a
                class={BUTTON.primary}
                href="/bookings"
              >
                {t("landing.toBookings")}
                <Icon name="arrowRight" />
              </a>
            )
            : (
              <>
                <a
                  class={BUTTON.primary}
                  href="/register"
                >
                  {t("nav.register")}
                </a>
                <a
                  class={BUTTON.secondary}
                  href="/login"
                >
                  {t("nav.signIn")}
                </a>
              </>
            )}
        </div>
        <LocalTime
          locale={locale}
          hour12={hour12}
          labels={{
            shownIn: t("localTime.shownIn"),
            use24: t("localTime.use24"),
            use12: t("localTime.use12"),
          }}
        />
      </section>
    </PageShell>
  );
}
