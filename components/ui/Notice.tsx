import type { ComponentChildren } from "preact";
import { Icon } from "@/components/ui/Icon.tsx";

/** The class of each notice tone (whole static strings). */
const TONE = {
  success:
    "flex items-start gap-2 rounded-control border border-success-200 bg-success-50 px-3 py-2 text-small font-medium text-success-800",
  error:
    "flex items-start gap-2 rounded-control border border-danger-200 bg-danger-50 px-3 py-2 text-small text-danger-800",
  warning:
    "flex items-start gap-2 rounded-control border border-warning-200 bg-warning-50 px-3 py-2 text-small text-warning-900",
  info:
    "flex items-start gap-2 rounded-control border border-brand-200 bg-brand-50 px-3 py-2 text-small text-brand-900",
} as const;

const ICON = {
  success: "check",
  error: "alert",
  warning: "alert",
  info: "info",
} as const;

/** A message about the page: what just happened or what is wrong. */
export function Notice({ tone, role, children }: {
  tone: keyof typeof TONE;
  /** `status` for news, `alert` for a problem; none for a standing note. */
  role?: "status" | "alert";
  children: ComponentChildren;
}) {
  return (
    <div class={TONE[tone]}>
      <Icon name={ICON[tone]} class="mt-0.5 h-4 w-4 shrink-0" />
      {/* The role's element holds the text itself, first. */}
      <div role={role} class="min-w-0">{children}</div>
    </div>
  );
}
