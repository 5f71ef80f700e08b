import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { Notice } from "@/components/ui/Notice.tsx";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import type { z } from "zod";
import { PageShell } from "@/components/PageShell.tsx";
import { FormError } from "@/components/Form.tsx";
import { EmptyBox, ListSection } from "@/components/booking/ListSection.tsx";
import {
  filterLabel,
  StatusFilter,
} from "@/components/booking/StatusFilter.tsx";
import type { Booking, BookingStatus } from "@/lib/bookings/model.ts";
import {
  countRequestsFor,
  listBookingSection,
  type ListClock,
  listClock,
  type ListSection as SectionName,
} from "@/lib/bookings/list_sections.ts";
import {
  type Cursor,
  encodeCursor,
  LIST_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from "@/lib/bookings/cursor.ts";
import {
  bookingListActionSchema,
  bookingsPageQuerySchema,
  declineSchema,
} from "@/lib/bookings/schemas.ts";
import { confirmBooking, declineBooking } from "@/lib/bookings/lifecycle.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { parseForm, parseQuery, validate } from "@/lib/http/validate.ts";
import { redirect, withFormErrors } from "@/lib/http/pages.ts";
import type { State } from "@/lib/http/api.ts";
import type { User } from "@/lib/auth/users.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

type PageQuery = z.output<typeof bookingsPageQuerySchema>;

interface SectionData {
  bookings: Booking[];
  next: string | null;
}

interface Data {
  /** The status filter, or null for the sections. */
  filter: BookingStatus | null;
  /** The filtered list (with a filter) … */
  filtered: SectionData | null;
  /** … or each section (without). */
  sections: Partial<Record<SectionName, SectionData>>;
  /** Requests waiting for the teacher, across pages. */
  requestCount: number;
  now: Date;
  notice: MessageKey | null;
  /** Why a confirm or decline from the list did not happen. */
  problem: string | null;
}

const NOTICES: Record<string, MessageKey> = {
  confirm: "booking.list.done.confirm",
  decline: "booking.list.done.decline",
};

const NO_STORE = { "cache-control": "private, no-store" };

/** A page link that keeps the filter and starts one list after `next`. */
function nextHref(
  param: "after" | SectionName,
  next: Cursor | null,
  filter: BookingStatus | null,
): string | null {
  if (!next) return null;
  const params = new URLSearchParams();
  if (filter) params.set("status", filter);
  params.set(param, encodeCursor(next));
  return `/bookings?${params}`;
}

async function load(
  ctx: FreshContext<State, Data>,
  user: User,
  query: PageQuery,
): Promise<Omit<Data, "notice" | "problem">> {
  const { db } = ctx.state;
  const now = new Date();
  const clock: ListClock = listClock(now, user.time_zone);
  const limit = LIST_PAGE_SIZE;
  // Independent reads: run together.
  if (query.status) {
    const [requestCount, page] = await Promise.all([
      countRequestsFor(db, user, now),
      listBookingSection(
        db,
        user,
        { status: query.status },
        { after: query.after, limit },
        clock,
      ),
    ]);
    return {
      filter: query.status,
      filtered: {
        bookings: page.items,
        next: nextHref("after", page.next, query.status),
      },
      sections: {},
      requestCount,
      now,
    };
  }
  const lists = [
    ["requests", query.requests],
    // A day holds few lessons: one page, no paging.
    ["today", undefined],
    ["upcoming", query.upcoming],
    ["cancelled", query.cancelled],
    ["past", query.past],
  ] as const;
  const [requestCount, ...pages] = await Promise.all([
    countRequestsFor(db, user, now),
    ...lists.map(([name, after]) =>
      listBookingSection(
        db,
        user,
        { section: name },
        { after, limit: name === "today" ? MAX_PAGE_SIZE : limit },
        clock,
      )
    ),
  ]);
  const sections: Data["sections"] = {};
  lists.forEach(([name], i) => {
    sections[name] = {
      bookings: pages[i].items,
      next: name === "today" ? null : nextHref(name, pages[i].next, null),
    };
  });
  return { filter: null, filtered: null, sections, requestCount, now };
}

async function renderPage(
  ctx: FreshContext<State, Data>,
  user: User,
  query: PageQuery,
  problem: string | null = null,
  status = 200,
) {
  const done = ctx.url.searchParams.get("done");
  const notice = !problem && done && Object.hasOwn(NOTICES, done)
    ? NOTICES[done]
    : null;
  return ctx.render(
    { ...await load(ctx, user, query), notice, problem },
    { status, headers: NO_STORE },
  );
}

export const handler: Handlers<Data, State> = {
  GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    return renderPage(ctx, user, parseQuery(ctx.url, bookingsPageQuerySchema));
  },

  /** Confirm or decline a request in place; back to the list with 303. */
  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const parsed = await parseForm(req, bookingListActionSchema);
    if (!parsed.ok) {
      return renderPage(ctx, user, {}, parsed.error.message, 400);
    }
    const { action, booking_id: id, status } = parsed.data;
    // Outsiders get the 403 page and unknown ids the 404 page.
    await getBookingForUser(db, user, id);
    return await withFormErrors(
      async () => {
        if (action === "confirm") {
          await confirmBooking(db, user, id);
        } else {
          const { reason } = validate(declineSchema, parsed.values, "form");
          await declineBooking(db, user, id, reason);
        }
        const params = new URLSearchParams();
        if (status) params.set("status", status);
        params.set("done", action);
        return redirect(`/bookings?${params}`);
      },
      ({ status: code, fields, message }) =>
        renderPage(
          ctx,
          user,
          { status },
          message ?? Object.values(fields).join("; "),
          code,
        ),
      ctx.state.locale,
    );
  },
};

function EmptyUpcoming({ user, today }: { user: User; today: boolean }) {
  const { t, parts } = useI18n();
  if (today) return <EmptyBox>{t("booking.list.nothingAfterToday")}</EmptyBox>;
  const teacher = user.role === "teacher";
  const link = (
    <a
      class="font-medium text-brand-700 underline"
      href={teacher ? "/slots" : "/teachers"}
    >
      {t(
        teacher
          ? "booking.list.publishSlotsLink"
          : "booking.list.findTeacherLink",
      )}
    </a>
  );
  return (
    <EmptyBox>
      <p>{t("booking.list.noUpcoming")}</p>
      <p class="mt-2">
        {parts(
          teacher ? "booking.list.publishSlots" : "booking.list.findTeacher",
          { link },
        )}
      </p>
    </EmptyBox>
  );
}

export default function BookingsPage(
  { data, state }: PageProps<Data, State>,
) {
  const { t } = useI18n();
  const user = state.user!;
  const teacher = user.role === "teacher";
  const { sections, now } = data;
  const common = { viewer: user, now };
  const more = (name: SectionName, label: MessageKey) => {
    const href = sections[name]?.next;
    return href ? { href, label: t(label) } : null;
  };
  const requests = sections.requests?.bookings ?? [];
  const today = sections.today?.bookings ?? [];
  const cancelled = sections.cancelled?.bookings ?? [];
  return (
    <PageShell title={t("booking.list.title")} user={user}>
      <PageHeader title={t("booking.list.title")}>
        <p>
          {t("booking.list.zone", { zone: user.time_zone })}
          {teacher && data.requestCount > 0 && (
            <>
              {" "}
              <a
                class="font-medium text-brand-700 underline"
                href="/bookings?status=pending"
                data-request-count={data.requestCount}
              >
                {t("booking.list.requestsWaiting", {
                  count: data.requestCount,
                })}
              </a>
            </>
          )}
        </p>
        {user.role !== "student" && (
          <p class="mt-1 text-small">
            <a class="text-brand-700 underline" href="/ratings">
              {t(
                teacher ? "booking.list.ratingsOwn" : "booking.list.ratingsAll",
              )}
            </a>
          </p>
        )}
      </PageHeader>
      <StatusFilter current={data.filter} teacher={teacher} />

      {data.notice && (
        <div class="mt-4">
          <Notice tone="success" role="status">
            {t(data.notice)}
          </Notice>
        </div>
      )}
      {data.problem && (
        <div class="mt-4">
          <FormError message={data.problem} />
        </div>
      )}

      {data.filtered
        ? (
          <ListSection
            name="filtered"
            title={t(filterLabel(data.filter!, teacher))}
            bookings={data.filtered.bookings}
            next={data.filtered.next
              ? { href: data.filtered.next, label: t("booking.list.more") }
              : null}
            empty={<EmptyBox>{t("booking.list.noneWithStatus")}</EmptyBox>}
            filter={data.filter!}
            {...common}
          />
        )
        : (
          <>
            {requests.length > 0 && (
              <ListSection
                name="requests"
                title={t(
                  teacher
                    ? "booking.list.requestsTeacher"
                    : "booking.list.requestsStudent",
                )}
                hint={t(
                  teacher
                    ? "booking.list.requestsHintTeacher"
                    : "booking.list.requestsHintStudent",
                )}
                bookings={requests}
                next={more("requests", "booking.list.moreRequests")}
                {...common}
              />
            )}
            {today.length > 0 && (
              <ListSection
                name="today"
                title={t("booking.list.today")}
                bookings={today}
                next={null}
                highlight
                {...common}
              />
            )}
            <ListSection
              name="upcoming"
              title={t("booking.list.upcoming")}
              bookings={sections.upcoming?.bookings ?? []}
              next={more("upcoming", "booking.list.moreUpcoming")}
              empty={<EmptyUpcoming user={user} today={today.length > 0} />}
              {...common}
            />
            {cancelled.length > 0 && (
              <ListSection
                name="cancelled"
                title={t("booking.list.cancelled")}
                bookings={cancelled}
                next={more("cancelled", "booking.list.moreCancelled")}
                {...common}
              />
            )}
            <ListSection
              name="past"
              title={t("booking.list.past")}
              bookings={sections.past?.bookings ?? []}
              next={more("past", "booking.list.older")}
              empty={<EmptyBox>{t("booking.list.noPast")}</EmptyBox>}
              {...common}
            />
          </>
        )}
    </PageShell>
  );
}
