import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { useI18n } from "@/lib/i18n/i18n.ts";

/**
 * The signed-in user's unread count for this render, provided by
 * routes/_layout.tsx; null when it could not be read (the header then shows
 * the bell without a number).
 */
export const UnreadCount = createContext<number | null>(null);

/** The header's link to /notifications with the unread count. */
export function NotificationBell({ class: className }: { class?: string }) {
  const count = useContext(UnreadCount);
  const { t } = useI18n();
  const label = count === null
    ? t("nav.notifications")
    : t("nav.notificationsUnread", { count });
  return (
    <a
      class={`${className ?? ""} relative`}
      href="/notifications"
      title={label}
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        class="inline h-5 w-5"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
        stroke-linejoin="round"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      <span class="sr-only">{label}</span>
      {count !== null && (
        <span
          data-unread-count={String(count)}
          aria-hidden="true"
          class={`ml-1 rounded-full px-1.5 text-xs font-semibold ${
            count > 0 ? "bg-danger-700 text-white" : "bg-slate-200 text-muted"
          }`}
        >
          {count}
        </span>
      )}
    </a>
  );
}
