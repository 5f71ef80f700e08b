import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { z } from "zod";
import { PageShell } from "@/components/PageShell.tsx";
import { FormError } from "@/components/Form.tsx";
import { RescheduleForm } from "@/components/booking/RescheduleForm.tsx";
import type { Booking } from "@/lib/bookings/model.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import {
  acceptReschedule,
  canReschedule,
  declineReschedule,
  proposeReschedule,
} from "@/lib/bookings/reschedule.ts";
import { bookableTimes } from "@/lib/availability/bookable.ts";
import type { BookableTime } from "@/lib/availability/compute.ts";
import { BadRequestError, msg } from "@/lib/errors.ts";
import { fromLocalInputValue } from "@/lib/format.ts";
import { redirect, withFormErrors } from "@/lib/http/pages.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, issue, parseForm } from "@/lib/http/validate.ts";
import type { State } from "@/lib/http/api.ts";
import type { User } from "@/lib/auth/users.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

const DAY = 86_400_000;
/** How many weeks ahead a student can page through the free times. */
const MAX_WEEK = 8;

interface Data {
  booking: Booking;
  movable: boolean;
  /** The student's choice: the teacher's free times this week (null for the teacher). */
  times: BookableTime[] | null;
  week: number;
  maxWeek: number;
  values: Record<string, string>;
  fields: Record<string, string>;
  message: string | null;
}

const formSchema = z.object({
  action: z.enum(["propose", "accept", "decline"], {
    message: issue("error.reschedule.action"),
  }),
  start_at: z.string().max(40).optional(),
  local_start: z.string().max(40).optional(),
});

// Where the booking page's notice says what happened.
const DONE = {
  propose: "reschedule_proposed",
  accept: "reschedule_accepted",
  decline: "reschedule_declined",
} as const;

const NO_STORE = { "cache-control": "private, no-store" };

async function renderPage(
  ctx: FreshContext<State, Data>,
  user: User,
  problem: Pick<Data, "values" | "fields" | "message"> | null,
  status = 200,
) {
  const { db } = ctx.state;
  const now = new Date();
  const booking = await getBookingForUser(
    db,
    user,
    idParam(ctx, msg("error.booking.notFound")),
    now,
  );
  const movable = canReschedule(booking, now);
  const week = Math.min(
    MAX_WEEK,
    Math.max(0, Number.parseInt(ctx.url.searchParams.get("week") ?? "0") || 0),
  );
  let times: BookableTime[] | null = null;
  if (movable && user.id === booking.student_id) {
    const from = new Date(now.getTime() + week * 7 * DAY);
    times = await bookableTimes(
      db,
      booking.teacher_id,
      {
        from,
        to: new Date(from.getTime() + 7 * DAY),
        lengthMinutes: (booking.end_at.getTime() - booking.start_at.getTime()) /
          60_000,
      },
      now,
      { ignoreBookingId: booking.id },
    );
  }
  return ctx.render({
    booking,
    movable,
    times,
    week,
    maxWeek: MAX_WEEK,
    values: problem?.values ?? {},
    fields: problem?.fields ?? {},
    message: problem?.message ?? null,
  }, { status, headers: NO_STORE });
}

export const handler: Handlers<Data, State> = {
  GET(_req, ctx) {
    return renderPage(ctx, assertSignedIn(ctx), null);
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const id = idParam(ctx, msg("error.booking.notFound"));
    // Outsiders get the 403 page and unknown ids the 404 page first.
    await getBookingForUser(db, user, id);
    const parsed = await parseForm(req, formSchema);
    const values = parsed.values;
    if (!parsed.ok) {
      return renderPage(ctx, user, {
        values,
        fields: {},
        message: parsed.error.fieldsIn(ctx.state.locale).action ??
          parsed.error.messageIn(ctx.state.locale),
      }, 400);
    }
    const form = parsed.data;
    return await withFormErrors(
      async () => {
        if (form.action === "accept") {
          await acceptReschedule(db, user, id);
        } else if (form.action === "decline") {
          await declineReschedule(db, user, id);
        } else {
          await proposeReschedule(db, user, id, chosenStart(form, user));
        }
        return redirect(`/bookings/${id}?done=${DONE[form.action]}`);
      },
      ({ status, fields, message }) =>
        renderPage(ctx, user, { values, fields, message }, status),
      ctx.state.locale,
    );
  },
};

// The new start: a listed time (ISO) or the teacher's local date and time.
function chosenStart(
  form: { start_at?: string; local_start?: string },
  user: User,
): Date {
  const iso = form.start_at ? new Date(form.start_at) : null;
  if (iso && !Number.isNaN(iso.getTime())) return iso;
  const local = form.local_start
    ? fromLocalInputValue(form.local_start, user.time_zone)
    : null;
  if (local) return local;
  throw new BadRequestError(msg("error.reschedule.chooseTime"), {
    [form.local_start !== undefined ? "local_start" : "start_at"]: msg(
      "error.reschedule.chooseTime",
    ),
  });
}

export default function ReschedulePage(
  { data, state }: PageProps<Data, State>,
) {
  const { t, range } = useI18n();
  const user = state.user!;
  const b = data.booking;
  const tz = user.time_zone;
  const other = user.id === b.student_id ? b.teacher : b.student;
  return (
    <PageShell
      title={t("booking.reschedule.pageTitle", { name: other.username })}
      user={user}
    >
      <PageHeader
        back={{
          href: `/bookings/${b.id}`,
          label: t("booking.reschedule.back"),
        }}
        title={t("booking.reschedule.pageTitle", { name: other.username })}
      >
        <p class="text-body">
          {t("booking.reschedule.now", {
            when: range(b.start_at, b.end_at, tz),
          })}
        </p>
      </PageHeader>
      {data.message && (
        <div class="mt-4">
          <FormError message={data.message} />
        </div>
      )}
      {data.movable
        ? (
          <RescheduleForm
            booking={b}
            isStudent={user.id === b.student_id}
            times={data.times}
            week={data.week}
            maxWeek={data.maxWeek}
            timeZone={tz}
            values={data.values}
            fields={data.fields}
          />
        )
        : (
          <p class="mt-6 text-slate-700">
            {t("booking.reschedule.notMovable")}
          </p>
        )}
    </PageShell>
  );
}
