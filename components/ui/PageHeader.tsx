import type { ComponentChildren } from "preact";
import { Icon } from "@/components/ui/Icon.tsx";

/** The top of a page: an optional back link, the h1, lines under it, actions. */
export function PageHeader({ title, back, actions, children }: {
  title: ComponentChildren;
  /** Where "back" leads, and its text. */
  back?: { href: string; label: string };
  /** Buttons or links beside the title (under it on a phone). */
  actions?: ComponentChildren;
  /** What the page is for, in small muted text under the title. */
  children?: ComponentChildren;
}) {
  return (
    <div class="mb-6 border-b border-line pb-4">
      {back && (
        <a
          href={back.href}
          class="-ml-1 mb-1 inline-flex min-h-[44px] items-center gap-1 rounded-control px-1 text-small font-medium text-brand-700 hover:underline"
        >
          <Icon name="arrowLeft" class="h-4 w-4 shrink-0" />
          {back.label}
        </a>
      )}
      <div class="flex flex-wrap items-start justify-between gap-3">
        <h1 class="min-w-0 text-title font-semibold tracking-tight text-ink break-words">
          {title}
        </h1>
        {actions && (
          <div class="flex flex-wrap items-center gap-2">{actions}</div>
        )}
      </div>
      {children && (
        <div class="mt-1 space-y-1 text-small text-muted">{children}</div>
      )}
    </div>
  );
}
