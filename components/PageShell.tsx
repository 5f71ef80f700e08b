import type { ComponentChildren } from "preact";
import { Head } from "$fresh/runtime.ts";
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
  "rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900";

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
      <header class="border-b border-slate-200 bg-white">
        <nav
          class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3"
          aria-label={t("nav.main")}
        >
          <a
            href="/"
            class="text-lg font-semibold tracking-tight text-indigo-700"
          >
            {t("app.name")}
          </a>
          <div class="flex flex-wrap items-center gap-1 text-sm">
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
                    class="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-700"
                    href="/register"
                  >
                    {t("nav.register")}
                  </a>
                </>
              )}
          </div>
        </nav>
      </header>
      <main class="mx-auto max-w-5xl px-4 py-6 sm:py-8">{children}</main>
    </>
  );
}
