import { EmptyState } from "@/components/ui/EmptyState.tsx";
import type { IconName } from "@/components/ui/Icon.tsx";
import type { ComponentChildren } from "preact";
import type { User } from "@/lib/auth/users.ts";
import type { Booking, BookingStatus } from "@/lib/bookings/model.ts";
import { BookingCard } from "@/components/BookingCard.tsx";
import { MoreLink } from "@/components/MoreLink.tsx";
import { RequestCard } from "@/components/booking/RequestCard.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface ListSectionProps {
  /** Names the section in the page (`data-section`, the heading's id). */
  name: string;
  title: string;
  /** A line under the title. */
  hint?: string;
  bookings: Booking[];
  viewer: User;
  now: Date;
  /** The next page of this section, if there is one. */
  next: { href: string; label: string } | null;
  /** Shown when the section is empty. */
  empty?: ComponentChildren;
  /** Today's lessons stand out. */
  highlight?: boolean;
  /** The status filter the page shows (for the request forms). */
  filter?: BookingStatus;
}

/** One section of the booking list: a heading, its cards and its next page. */
export function ListSection(props: ListSectionProps) {
  const { t } = useI18n();
  const { name, bookings, viewer, now } = props;
  const headingId = `${name}-title`;
  return (
    <section
      class={props.highlight
        ? "mt-6 rounded-card border-2 border-brand-200 bg-brand-50 p-4"
        : "mt-8"}
      aria-labelledby={headingId}
      data-section={name}
    >
      <h2 id={headingId} class="text-heading font-semibold">
        {props.title}
        {bookings.length > 0 && props.highlight && (
          <span class="ml-2 text-small font-normal text-slate-700">
            {t("booking.list.count", { count: bookings.length })}
          </span>
        )}
      </h2>
      {props.hint && <p class="mt-1 text-small text-muted">{props.hint}</p>}
      <div class="mt-3">
        {bookings.length === 0
          ? props.empty
          : (
            <ul class="grid gap-3 md:grid-cols-2">
              {bookings.map((b) => (
                <li key={b.id} class="h-full">
                  {b.status === "pending" && now < b.start_at
                    ? (
                      <RequestCard
                        booking={b}
                        viewer={viewer}
                        filter={props.filter}
                      />
                    )
                    : <BookingCard booking={b} viewer={viewer} now={now} />}
                </li>
              ))}
            </ul>
          )}
        {props.next && (
          <MoreLink href={props.next.href} label={props.next.label} />
        )}
      </div>
    </section>
  );
}

/** What a section shows when it has nothing. */
export function EmptyBox({ children, icon = "calendar" }: {
  children: ComponentChildren;
  icon?: IconName;
}) {
  return <EmptyState icon={icon}>{children}</EmptyState>;
}
