import type { PageProps } from "$fresh/server.ts";
import { asset } from "$fresh/runtime.ts";

export default function App({ Component }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>Talkroom</title>
        <meta name="application-name" content="Talkroom" />
        <meta name="apple-mobile-web-app-title" content="Talkroom" />
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
