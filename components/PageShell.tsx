import type { ComponentChildren } from "preact";
import { Head } from "$fresh/runtime.ts";

interface PageShellProps {
  title: string;
  children: ComponentChildren;
}

/** The frame every page shares: the header, the page title and the main area. */
export function PageShell({ title, children }: PageShellProps) {
  return (
    <>
      <Head>
        <title>{title === "Talkroom" ? title : `${title} · Talkroom`}</title>
      </Head>
      <header class="border-b border-slate-200 bg-white">
        <nav class="mx-auto flex max-w-5xl items-center justify-between px-4 py-3">
          <a
            href="/"
            class="text-lg font-semibold tracking-tight text-indigo-700"
          >
            Talkroom
          </a>
        </nav>
      </header>
      <main class="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </>
  );
}
