import { BUTTON } from "@/components/ui/Button.tsx";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { Notice } from "@/components/ui/Notice.tsx";
import type { ComponentChildren } from "preact";
import type { User } from "@/lib/auth/users.ts";
import { PageShell } from "@/components/PageShell.tsx";
import { FormError } from "@/components/Form.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** The admin sections, in the order of the tabs. */
const SECTIONS = [
  { href: "/admin", label: "admin.section.overview" },
  { href: "/admin/users", label: "admin.section.users" },
  { href: "/admin/bookings", label: "admin.section.bookings" },
  { href: "/admin/disputes", label: "admin.section.disputes" },
  { href: "/admin/audit", label: "admin.section.audit" },
] as const;

/** The frame of every admin page: the site's shell, the section tabs, the heading and messages. */
export function AdminShell({ title, user, current, notice, error, children }: {
  title: string;
  user: User;
  /** The href of the current section. */
  current: typeof SECTIONS[number]["href"];
  /** A confirmation of the last change, if any. */
  notice?: string | null;
  error?: string | null;
  children: ComponentChildren;
}) {
  const { t } = useI18n();
  return (
    <PageShell title={t("admin.pageTitle", { title })} user={user}>
      <nav
        aria-label={t("nav.admin")}
        class="mb-4 flex flex-wrap gap-1 text-small"
      >
        {SECTIONS.map((s) => (
          <a
            key={s.href}
            href={s.href}
            aria-current={s.href === current ? "page" : undefined}
            class={`inline-flex min-h-[44px] items-center rounded-control px-3 font-medium ${
              s.href === current
                ? "bg-brand-700 text-white"
                : "border border-field bg-white text-ink hover:bg-slate-50"
            }`}
          >
            {t(s.label)}
          </a>
        ))}
      </nav>
      <PageHeader title={title} />
      <div class="mt-3 space-y-3">
        {notice && (
          <Notice tone="success" role="status">
            {notice}
          </Notice>
        )}
        <FormError message={error} />
      </div>
      <div class="mt-4">{children}</div>
    </PageShell>
  );
}

/** Classes of the small inputs and buttons in admin tables and filters. */
export const adminInput =
  "rounded-control border border-field px-2 py-1 text-small focus:border-brand-700";
/** Classes of a small admin button. */
export const adminButton = BUTTON.secondary;
