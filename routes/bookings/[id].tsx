import { ParticipantTime } from "@/components/booking/ParticipantTime.tsx";
import { msg } from "@/lib/errors.ts";
import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { Notice } from "@/components/ui/Notice.tsx";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import type { ComponentChildren } from "preact";
import { z } from "zod";
import { PageShell } from "@/components/PageShell.tsx";
import { FormError } from "@/components/Form.tsx";
import { StatusBadge } from "@/components/StatusBadge.tsx";
import { RoomArea } from "@/components/RoomArea.tsx";
import { AddToCalendar } from "@/components/calendar/AddToCalendar.tsx";
import { LessonRecord } from "@/components/booking/LessonRecord.tsx";
import {
  type BookingPageData,
  loadBookingPage,
} from "@/lib/bookings/page_reads.ts";
import { AttendanceEvidence } from "@/components/booking/AttendanceEvidence.tsx";
import { RatingForm } from "@/components/booking/RatingForm.tsx";
import { publicOrigin } from "@/lib/calendar/response.ts";
import { ACTIVE_STATUSES, type Booking } from "@/lib/bookings/model.ts";
import {
  cancelBooking,
  confirmBooking,
  declineBooking,
} from "@/lib/bookings/lifecycle.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import type { RoomState } from "@/lib/bookings/room.ts";
import { cancelSchema, declineSchema } from "@/lib/bookings/schemas.ts";
import {
  type IceConfiguration,
  iceConfiguration,
} from "@/lib/signaling/ice.ts";
import { formatDateTime, formatList, formatRange } from "@/lib/format.ts";
import { redirect, withFormErrors } from "@/lib/http/pages.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, issue, parseForm, validate } from "@/lib/http/validate.ts";
import type { State } from "@/lib/http/api.ts";
import type { User } from "@/lib/auth/users.ts";
import { History } from "@/components/booking/History.tsx";
import { RescheduleActions } from "@/components/booking/RescheduleActions.tsx";
import {
  type BookingAction,
  BookingActions,
} from "@/components/booking/BookingActions.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";
import { type MessageKey, translate } from "@/lib/i18n/messages.ts";

type Action = BookingAction;

/** A form post that could not be carried out, shown again with what was typed. */
interface FormState {
  action: Action | null;
  values: Record<string, string>;
  fields: Record<string, string>;
  message: string | null;
}

/** The page's data: the reads of loadBookingPage() and what the request adds. */
interface Data extends Omit<BookingPageData, "admission"> {
  booking: Booking;
  /** The call room as admitToRoom() decided it. */
  room: RoomState;
  now: Date;
  notice: MessageKey | null;
  form: FormState | null;
  /** The call's ICE servers while the room is open (saves the island a request). */
  ice: IceConfiguration | null;
  /** The public origin, for the calendar links. */
  origin: string;
}

const NOTICES: Record<string, MessageKey> = {
  confirm: "booking.page.done.confirm",
  decline: "booking.page.done.decline",
  cancel: "booking.page.done.cancel",
  notes: "booking.page.done.notes",
  reschedule_proposed: "booking.page.done.rescheduleProposed",
  reschedule_accepted: "booking.page.done.rescheduleAccepted",
  reschedule_declined: "booking.page.done.rescheduleDeclined",
};

const actionSchema = z.object({
  action: z.enum(["confirm", "decline", "cancel"], {
    message: issue("error.booking.pageAction"),
  }),
});

const NO_STORE = { "cache-control": "private, no-store" };

async function renderPage(
  ctx: FreshContext<State, Data>,
  user: User,
  form: FormState | null,
  status = 200,
) {
  const now = new Date();
  // Loaded in one statement (and access checked) before anything is
  // rendered; the call is offered on the same terms the signaling route
  // admits on.
  const { db, config } = ctx.state;
  const { admission, ...reads } = await loadBookingPage(
    db,
    user,
    idParam(ctx, msg("error.booking.notFound")),
    now,
  );
  const { booking } = admission;
  const done = ctx.url.searchParams.get("done");
  const notice = done && Object.hasOwn(NOTICES, done) ? NOTICES[done] : null;
  const ice = admission.admitted
    ? await iceConfiguration(config, user.id)
    : null;
  return ctx.render({
    booking,
    room: admission.room,
    now,
    notice: form ? null : notice,
    form,
    ice,
    origin: publicOrigin(config, ctx.url),
    ...reads,
  }, {
    status,
    headers: NO_STORE,
  });
}

export const handler: Handlers<Data, State> = {
  GET(_req, ctx) {
    return renderPage(ctx, assertSignedIn(ctx), null);
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const id = idParam(ctx, msg("error.booking.notFound"));
    // Outsiders get the 403 page and unknown ids the 404 page before the
    // body is even read.
    await getBookingForUser(db, user, id);

    const parsed = await parseForm(req, actionSchema);
    const values = parsed.values;
    if (!parsed.ok) {
      return renderPage(ctx, user, {
        action: null,
        values,
        fields: {},
        message: parsed.error.fieldsIn(ctx.state.locale).action ??
          translate(ctx.state.locale, "error.booking.chooseAction"),
      }, 400);
    }
    const action = parsed.data.action;
    return await withFormErrors(
      async () => {
        if (action === "confirm") {
          await confirmBooking(db, user, id);
        } else if (action === "decline") {
          const { reason } = validate(declineSchema, values, "form");
          await declineBooking(db, user, id, reason);
        } else {
          const { reason, start_at } = validate(cancelSchema, values, "form");
          await cancelBooking(db, user, id, reason, new Date(), {
            expectedStartAt: start_at,
          });
        }
        return redirect(`/bookings/${id}?done=${action}`);
      },
      ({ status, fields, message }) =>
        renderPage(ctx, user, { action, values, fields, message }, status),
      ctx.state.locale,
    );
  },
};

function Detail(
  { label, children }: { label: string; children: ComponentChildren },
) {
  return (
    <div class="py-3 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt class="text-small font-medium text-muted">{label}</dt>
      <dd class="mt-1 break-words text-ink sm:col-span-2 sm:mt-0">
        {children}
      </dd>
    </div>
  );
}

export default function BookingPage({ data, state }: PageProps<Data, State>) {
  const { locale, t } = useI18n();
  const user = state.user!;
  const { booking: b, now, form } = data;
  const tz = user.time_zone;
  const isTeacher = b.teacher_id === user.id;
  const other = isTeacher ? b.student : b.teacher;
  const nameOf = (id: string | null) =>
    id === user.id
      ? t("booking.youNamed", { name: user.username })
      : id === b.student_id
      ? b.student.username
      : id === b.teacher_id
      ? b.teacher.username
      : t("booking.page.someoneElse");
  const beforeStart = now < b.start_at;
  const room = data.room;
  // Only ids, names and times go to the island; the student is the polite
  // side of the negotiation.
  const call = {
    bookingId: b.id,
    me: { id: user.id, username: user.username },
    other: { id: other.id, username: other.username },
    polite: user.id === b.student_id,
    startAt: b.start_at.toISOString(),
    endAt: b.end_at.toISOString(),
    ice: data.ice,
    timeZone: tz,
    history: data.record.messages.map((m) => ({
      id: m.id,
      author_id: m.author_id,
      text: m.text,
      at: m.created_at.toISOString(),
    })),
  };
  const canDecide = isTeacher && b.status === "pending" && beforeStart;
  // A teacher answers a pending request with Decline, which is the same
  // cancellation with an optional reason.
  const canCancel = ACTIVE_STATUSES.includes(b.status) && beforeStart &&
    !canDecide;

  return (
    <PageShell
      title={t("booking.page.title", { name: other.username })}
      user={user}
    >
      <PageHeader
        back={{ href: "/bookings", label: t("booking.page.back") }}
        title={t("booking.page.title", { name: other.username })}
      >
        <p class="flex flex-wrap items-center gap-2 text-body">
          <StatusBadge status={b.status} />
          {formatRange(b.start_at, b.end_at, tz, locale)}
        </p>
      </PageHeader>

      {data.notice && (
        <div class="mt-4">
          <Notice tone="success" role="status">
            {t(data.notice)}
          </Notice>
        </div>
      )}
      {form?.message && (
        <div class="mt-4">
          <FormError message={form.message} />
        </div>
      )}

      {room.state === "open" && (
        <div class="mt-6">
          <RoomArea room={room} timeZone={tz} now={now} call={call} />
        </div>
      )}

      <div class="mt-6 grid gap-6 lg:grid-cols-3">
        <div class="space-y-6 lg:col-span-2">
          {room.state !== "open" && (
            <RoomArea room={room} timeZone={tz} now={now} />
          )}

          <section
            aria-labelledby="details-title"
            class="rounded-card border border-line bg-white px-4 sm:px-6"
          >
            <h2 id="details-title" class="pt-4 text-heading font-semibold">
              {t("booking.page.details")}
            </h2>
            <dl class="divide-y divide-slate-100">
              <Detail label={t("booking.page.teacher")}>
                {nameOf(b.teacher_id)}
              </Detail>
              <Detail label={t("booking.page.student")}>
                {nameOf(b.student_id)}
              </Detail>
              <Detail label={t("booking.page.when")}>
                {formatRange(b.start_at, b.end_at, tz, locale)}
              </Detail>
              {data.otherTimeZone && (
                <Detail
                  label={t("participantTime.heading", { name: other.username })}
                >
                  <ParticipantTime
                    name={other.username}
                    zone={data.otherTimeZone}
                    viewerZone={tz}
                    start={b.start_at}
                    end={b.end_at}
                    now={now}
                  />
                </Detail>
              )}
              <Detail label={t("booking.page.status")}>
                <StatusBadge status={b.status} />
              </Detail>
              <Detail label={t("booking.page.notes")}>
                {b.notes
                  ? <span class="whitespace-pre-line">{b.notes}</span>
                  : <span class="text-muted">{t("booking.page.noNotes")}</span>}
              </Detail>
              {b.status === "cancelled" && (
                <Detail label={t("booking.page.cancelled")}>
                  {t(
                    b.late_cancellation
                      ? "booking.page.cancelledByLate"
                      : "booking.page.cancelledBy",
                    { name: nameOf(b.cancelled_by) },
                  )}
                  {b.cancel_reason && (
                    <span class="mt-1 block whitespace-pre-line text-slate-700">
                      {t("booking.quoted", { text: b.cancel_reason })}
                    </span>
                  )}
                </Detail>
              )}
              {b.status === "no_show" && (
                <Detail label={t("booking.page.absent")}>
                  {b.absent_user_ids.length
                    ? formatList(b.absent_user_ids.map(nameOf), locale)
                    : t("booking.page.nobody")}
                </Detail>
              )}
              <Detail label={t("booking.page.booked")}>
                {formatDateTime(b.created_at, tz, locale)}
              </Detail>
            </dl>
          </section>
          <AttendanceEvidence
            booking={b}
            dispute={data.dispute}
            viewerId={user.id}
            timeZone={tz}
            now={now}
          />
          <LessonRecord
            booking={b}
            viewer={user}
            record={data.record}
            now={now}
          />
          {ACTIVE_STATUSES.includes(b.status) && now < b.end_at && (
            <AddToCalendar booking={b} origin={data.origin} />
          )}
          <RatingForm
            booking={b}
            viewer={user}
            rating={data.rating}
            now={now}
          />
          <RescheduleActions
            booking={b}
            proposal={data.lifecycle.proposal}
            canReschedule={data.lifecycle.can_reschedule}
            viewerId={user.id}
            timeZone={tz}
          />
          <History
            booking={b}
            events={data.lifecycle.events}
            viewerId={user.id}
            timeZone={tz}
          />
        </div>

        <BookingActions
          booking={b}
          otherName={other.username}
          canDecide={canDecide}
          canCancel={canCancel}
          form={form
            ? {
              action: form.action,
              reason: form.values.reason ?? "",
              error: form.fields.reason,
            }
            : null}
          lateCancel={{
            late: data.lifecycle.cancel_would_be_late,
            windowHours: data.lifecycle.cancellation_window_hours,
          }}
        />
      </div>
    </PageShell>
  );
}
