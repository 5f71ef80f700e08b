import type { ComponentChildren } from "preact";
import { asset, Head } from "$fresh/runtime.ts";
import type { User } from "@/lib/auth/users.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";
import { NotificationBell } from "@/components/NotificationBell.tsx";

interface PageShellProps {
  title: string;
  /** The signed-in user, for the navigation; null or absent when anonymous. */
  user?: User | null;
  children: ComponentChildren;
}

const linkClass =
  "inline-flex min-h-[44px] items-center rounded-control px-2 font-medium text-muted hover:bg-slate-100 hover:text-ink";

/** The frame every page shares: the header with navigation, the title, the main area. */
export function PageShell({ title, user, children }: PageShellProps) {
  const { t } = useI18n();
  return (
    <>
      <Head>
        <title>
          {title === t("app.name") ? title : t("page.title", { title })}
        </title>
      </Head>
      <a
        href="#main"
        class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-control focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header class="border-b border-line bg-white">
        <nav
          class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-2 px-4 py-1"
          aria-label={t("nav.main")}
        >
          <a
            href="/"
            class="inline-flex min-h-[44px] items-center gap-2 rounded-control text-heading font-semibold tracking-tight text-brand-700"
          >
            <img
              src={asset("/favicon.svg")}
              alt=""
              width="28"
              height="28"
              class="h-7 w-7"
            />
            {t("app.name")}
          </a>
          <div class="flex flex-wrap items-center gap-1 text-small">
            {user
              ? (
                <>
                  <a class={linkClass} href="/bookings">{t("nav.bookings")}</a>
                  {user.role === "teacher" && (
                    <a class={linkClass} href="/slots">{t("nav.slots")}</a>
                  )}
                  {user.role === "teacher" && (
                    <a class={linkClass} href="/availability">
                      {t("nav.availability")}
                    </a>
                  )}
                  {user.role === "student" && (
                    <a class={linkClass} href="/teachers">
                      {t("nav.findTeacher")}
                    </a>
                  )}
                  {user.role === "admin" && (
                    <a class={linkClass} href="/admin">{t("nav.admin")}</a>
                  )}
                  <NotificationBell class={linkClass} />
                  <a class={linkClass} href="/account">{user.username}</a>
                  <form method="post" action="/logout" class="inline">
                    <button type="submit" class={linkClass}>
                      {t("nav.signOut")}
                    </button>
                  </form>
                </>
              )
              : (
                <>
                  <a class={linkClass} href="/login">{t("nav.signIn")}</a>
                  <a
                    class="inline-flex min-h-[44px] items-center rounded-control bg-brand-700 px-3 font-medium text-white hover:bg-brand-800"
                    href="/register"
                  >
                    {t("nav.register")}
                  </a>
                </>
              )}
          </div>
        </nav>
      </header>
      <main id="main" class="mx-auto max-w-5xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </>
  );
}
