import type { PageProps } from "$fresh/server.ts";
import { asset } from "$fresh/runtime.ts";
import type { State } from "@/lib/http/api.ts";
import { i18nFor } from "@/lib/i18n/i18n.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import { catalogueLanguage } from "@/lib/i18n/messages.ts";

// The app wraps routes/_layout.tsx, which provides the page's I18n: it finds
// its own from the request's locale (unset when middleware did not run).
export default function App({ Component, state }: PageProps<unknown, State>) {
  const locale = state.locale ?? DEFAULT_LOCALE;
  const name = i18nFor(locale).t("app.name");
  return (
    <html lang={catalogueLanguage(locale)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{name}</title>
        <meta name="application-name" content={name} />
        <meta name="apple-mobile-web-app-title" content={name} />
        <meta name="theme-color" content="#4338ca" />
        <link rel="icon" type="image/svg+xml" href={asset("/favicon.svg")} />
        <link
          rel="apple-touch-icon"
          href={asset("/icons/apple-touch-icon.png")}
        />
        {/* Unversioned: an installed app keeps the manifest's own URL. */}
        <link rel="manifest" href="/manifest.webmanifest" />
      </head>
      <body class="min-h-screen bg-slate-50 text-ink antialiased">
        <Component />
      </body>
    </html>
  );
}
