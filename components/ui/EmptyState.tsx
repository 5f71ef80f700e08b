import type { ComponentChildren } from "preact";
import { Icon, type IconName } from "@/components/ui/Icon.tsx";

/** What a list shows when it has nothing: an icon, what is missing, what to do next. */
export function EmptyState({ icon, title, children, action }: {
  icon: IconName;
  /** A short bold line above the message. */
  title?: ComponentChildren;
  /** The message: what is missing and, best, what to do about it. */
  children?: ComponentChildren;
  /** A link or button leading on. */
  action?: ComponentChildren;
}) {
  return (
    <div
      class="flex flex-col items-center gap-2 rounded-card border border-dashed border-slate-300 bg-white px-4 py-8 text-center"
      data-empty-state
    >
      <span class="flex h-12 w-12 items-center justify-center rounded-full bg-brand-50 text-brand-700">
        <Icon name={icon} class="h-6 w-6 shrink-0" />
      </span>
      {title && <div class="font-semibold text-ink">{title}</div>}
      {children && <div class="max-w-prose text-muted">{children}</div>}
      {action && <div class="mt-2">{action}</div>}
    </div>
  );
}
