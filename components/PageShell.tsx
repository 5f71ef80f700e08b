import type { ComponentChildren } from "preact";
import { Head } from "$fresh/runtime.ts";
import type { User } from "@/lib/auth/users.ts";
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
  return (
    <>
      <Head>
        <title>{title === "Talkroom" ? title : `${title} · Talkroom`}</title>
      </Head>
      <header class="border-b border-slate-200 bg-white">
        <nav
          class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3"
          aria-label="Main"
        >
          <a
            href="/"
            class="text-lg font-semibold tracking-tight text-indigo-700"
          >
            Talkroom
          </a>
          <div class="flex flex-wrap items-center gap-1 text-sm">
            {user
              ? (
                <>
                  <a class={linkClass} href="/bookings">Bookings</a>
                  {user.role === "teacher" && (
                    <a class={linkClass} href="/slots">My slots</a>
                  )}
                  {user.role === "student" && (
                    <a class={linkClass} href="/teachers">Find a teacher</a>
                  )}
                  {user.role === "admin" && (
                    <a class={linkClass} href="/admin">Admin</a>
                  )}
                  <NotificationBell class={linkClass} />
                  <a class={linkClass} href="/account">{user.username}</a>
                  <form method="post" action="/logout" class="inline">
                    <button type="submit" class={linkClass}>Sign out</button>
                  </form>
                </>
              )
              : (
                <>
                  <a class={linkClass} href="/login">Sign in</a>
                  <a
                    class="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-700"
                    href="/register"
                  >
                    Create an account
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
