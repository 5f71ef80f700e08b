import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import { AppError } from "@/lib/errors.ts";
import { loginRedirect } from "@/lib/http/pages.ts";
import type { State } from "@/lib/http/api.ts";

interface ErrorData {
  status: number;
  /** Only the app's own user-facing messages; never an unexpected error's text. */
  message: string | null;
}

// Pages throw the app's errors; this turns them into the right page.
export const handler: Handlers<ErrorData, State> = {
  GET(_req, ctx) {
    const error = ctx.error;
    if (error instanceof AppError) {
      if (error.status === 401) return loginRedirect(ctx.url);
      if (error.status === 404) return ctx.renderNotFound();
      return ctx.render({ status: error.status, message: error.message }, {
        status: error.status,
      });
    }
    return ctx.render({ status: 500, message: null }, { status: 500 });
  },
};

const TITLES: Record<number, string> = {
  403: "You do not have access to this page",
  409: "That cannot be done now",
  429: "Too many attempts",
};

export default function ErrorPage(
  { data, state }: PageProps<ErrorData | undefined, State>,
) {
  const status = data?.status ?? 500;
  const title = TITLES[status] ??
    (status >= 500 ? "Something went wrong" : "That did not work");
  return (
    <PageShell title={title} user={state.user}>
      <h1 class="text-2xl font-semibold">{title}</h1>
      <p class="mt-2 text-slate-600">
        {status >= 500
          ? "The server could not complete this request. Please try again in a moment."
          : status === 403
          ? "This page belongs to other people. If you think you should see it, check that you are signed in with the right account."
          : data?.message}
      </p>
      <p class="mt-4">
        <a class="text-indigo-700 underline" href="/bookings">
          Go to your bookings
        </a>
      </p>
    </PageShell>
  );
}
