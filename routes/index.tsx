import type { PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import LocalTime from "@/islands/LocalTime.tsx";
import ZoneOffer from "@/islands/ZoneOffer.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";
import type { State } from "@/lib/http/api.ts";

export default function Home({ state }: PageProps<unknown, State>) {
  const user = state.user;
  const { t, locale, hour12 } = useI18n();
  return (
    <PageShell title={t("app.name")} user={user}>
      <section class="space-y-4 py-8">
        {user && (
          <ZoneOffer
            accountZone={user.time_zone}
            next="/"
            text={t("zoneOffer.text")}
            switchLabel={t("zoneOffer.switch")}
          />
        )}
        <h1 class="text-3xl font-bold tracking-tight sm:text-4xl">
          {t("landing.heading")}
        </h1>
        <p class="max-w-2xl text-lg text-slate-600">
          {t("landing.intro")}
        </p>
        <div class="flex flex-wrap gap-3">
          {user
            ? (
              <a
                class="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
                href="/bookings"
              >
                {t("landing.toBookings")}
              </a>
            )
            : (
              <>
                <a
                  class="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
                  href="/register"
                >
                  {t("nav.register")}
                </a>
                <a
                  class="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50"
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
