import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import { FormError } from "@/components/Form.tsx";
import { createBooking, createBookingAtTime } from "@/lib/bookings/create.ts";
import { bookingSchema } from "@/lib/bookings/schemas.ts";
import { canonicalTimeZone, getUserById, type User } from "@/lib/auth/users.ts";
import {
  BadRequestError,
  ConflictError,
  msg,
  NotFoundError,
} from "@/lib/errors.ts";
import { i18nFor, useI18n } from "@/lib/i18n/i18n.ts";
import { dateFormat, timeFormat } from "@/lib/format.ts";
import { redirect, withFormErrors } from "@/lib/http/pages.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, validate } from "@/lib/http/validate.ts";
import { readBodyText } from "@/lib/http/body.ts";
import { NOTES_MAX_LENGTH } from "@/lib/limits.ts";
import type { State } from "@/lib/http/api.ts";
import {
  parseLocalDate,
  type PickerWeek,
  pickerWeek,
} from "@/lib/availability/picker.ts";
import { Policies } from "@/components/teacher/Policies.tsx";
import { WeekGrid } from "@/components/teacher/WeekGrid.tsx";
import { Profile } from "@/components/teacher/Profile.tsx";
import { getProfile, type TeacherProfile } from "@/lib/profiles/store.ts";

/** A booking attempt that failed, shown again above the times. */
interface BookForm {
  notes: string;
  notesError: string | null;
  message: string | null;
}

interface Data {
  teacher: Pick<User, "id" | "username">;
  picker: PickerWeek;
  /** The zone times are shown in, and a zone asked for that is unknown. */
  timeZone: string;
  badZone: string | null;
  form: BookForm | null;
  profile: TeacherProfile;
}

async function loadTeacher(ctx: FreshContext<State>): Promise<User> {
  const teacher = await getUserById(
    ctx.state.db,
    idParam(ctx, msg("error.teacher.notFound")),
  );
  if (!teacher || teacher.role !== "teacher") {
    throw new NotFoundError(msg("error.teacher.notFound"));
  }
  return teacher;
}

async function renderPage(
  ctx: FreshContext<State, Data>,
  viewer: User,
  teacherId: string,
  form: BookForm | null = null,
  status = 200,
) {
  const params = ctx.url.searchParams;
  const asked = params.get("tz");
  const zone = asked ? canonicalTimeZone(asked) : null;
  const timeZone = zone ?? viewer.time_zone;
  const length = Number(params.get("length"));
  // One query loads the teacher (404 if not one), rules and bookings.
  const picker = await pickerWeek(ctx.state.db, teacherId, {
    week: parseLocalDate(params.get("week")),
    length: Number.isInteger(length) && length > 0 ? length : null,
    timeZone,
    firstDay: i18nFor(ctx.state.locale).firstDay,
  });
  const teacher = { id: teacherId, username: picker.teacherName };
  return ctx.render({
    teacher,
    picker,
    timeZone,
    badZone: asked && !zone ? asked : null,
    form,
    profile: await getProfile(ctx.state.db, teacherId),
  }, { status });
}

export const handler: Handlers<Data, State> = {
  GET(_req, ctx) {
    const viewer = assertSignedIn(ctx);
    return renderPage(ctx, viewer, idParam(ctx, msg("error.teacher.notFound")));
  },

  async POST(req, ctx) {
    const viewer = assertSignedIn(ctx);
    const teacher = await loadTeacher(ctx);
    const values: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(await readBodyText(req))) {
      values[k] = v;
    }
    const notes = values.notes ?? "";
    // A one-off slot books as the slot; any other time by its start.
    const body = values.slot_id
      ? { slot_id: values.slot_id, notes: values.notes }
      : {
        teacher_id: teacher.id,
        start_at: values.start_at,
        length_minutes: values.length_minutes,
        notes: values.notes,
      };
    const { t } = i18nFor(ctx.state.locale);
    return await withFormErrors(
      async () => {
        const input = validate(bookingSchema, body, "form");
        const booking = input.slot_id
          ? await createBooking(ctx.state.db, viewer, {
            slot_id: input.slot_id,
            notes: input.notes,
          })
          : await createBookingAtTime(ctx.state.db, viewer, {
            teacher_id: teacher.id,
            start_at: input.start_at!,
            length_minutes: input.length_minutes!,
            notes: input.notes,
          });
        return redirect(`/bookings/${booking.id}`);
      },
      ({ status, fields, message }) =>
        // A slot that is gone is as taken as a booked one.
        status === 404
          ? renderPage(ctx, viewer, teacher.id, {
            notes,
            notesError: null,
            message: t("teacher.slotGone"),
          }, 409)
          : renderPage(ctx, viewer, teacher.id, {
            notes,
            notesError: fields.notes ?? null,
            message: fields.notes
              ? null
              : fields.start_at || fields.slot_id
              ? t("teacher.chooseTime")
              : message ?? Object.values(fields)[0],
          }, status),
      ctx.state.locale,
      [BadRequestError, ConflictError, NotFoundError],
    );
  },
};

export default function TeacherPage(
  { data, state, url }: PageProps<Data, State>,
) {
  const viewer = state.user!;
  const { teacher, picker, timeZone, form } = data;
  const canBook = viewer.role === "student";
  const teacherZone = picker.teacherTimeZone;
  const link = (change: Record<string, string | null>) => {
    const q = new URLSearchParams(url.searchParams);
    for (const [k, v] of Object.entries(change)) {
      if (v === null) q.delete(k);
      else q.set(k, v);
    }
    const s = q.toString();
    return `/teachers/${teacher.id}${s ? `?${s}` : ""}`;
  };
  const { locale, t } = useI18n();
  const dayLabel = dateFormat(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  const asDate = (d: string) => new Date(`${d}T12:00:00Z`);
  const weekLabel = (w: string) =>
    t("teacher.weekOf", { date: dayLabel.format(asDate(w)) });
  const total = picker.days.reduce((n, d) => n + d.times.length, 0);
  const otherZones = [...new Set([viewer.time_zone, teacherZone, "UTC"])]
    .filter((z) => z !== timeZone);
  const hm = timeFormat(timeZone, locale);
  const teacherHm = teacherZone === timeZone
    ? null
    : timeFormat(teacherZone, locale);
  const days = picker.days.map((d) => ({
    ...d,
    label: dayLabel.format(asDate(d.date)),
  }));

  return (
    <PageShell title={teacher.username} user={viewer}>
      <PageHeader
        back={{ href: "/teachers", label: t("teacher.back") }}
        title={teacher.username}
      />
      <Profile
        profile={data.profile}
        lengths={picker.lengths}
        timeZone={teacherZone}
      />
      <Policies policy={picker.policy} />

      <section class="mt-6" aria-labelledby="times-heading">
        <h2 id="times-heading" class="text-heading font-semibold">
          {t("teacher.freeTimes")}
        </h2>
        <p class="mt-1 text-small text-muted" data-time-zone={timeZone}>
          {t(
            timeZone === viewer.time_zone
              ? "teacher.timesInYours"
              : "teacher.timesIn",
            { zone: timeZone },
          )}
          {teacherZone !== timeZone &&
            ` ${t("teacher.teacherTimeBeside", { zone: teacherZone })}`}
        </p>
        {data.badZone && (
          <p role="alert" class="mt-2 text-small text-danger-700">
            {t("teacher.unknownZone", {
              zone: data.badZone,
              shown: timeZone,
            })}
          </p>
        )}
        <div class="mt-2 flex flex-wrap items-center gap-2 text-small">
          <span class="text-muted">{t("teacher.showTimesIn")}</span>
          {otherZones.map((z) => (
            <a
              key={z}
              class="rounded-control border border-field bg-white px-2 py-1 text-brand-700 hover:border-brand-200"
              href={link({ tz: z === viewer.time_zone ? null : z })}
            >
              {z}
            </a>
          ))}
          <form method="get" class="flex items-center gap-1">
            {[...url.searchParams].filter(([k]) => k !== "tz").map((
              [k, v],
            ) => <input key={k} type="hidden" name={k} value={v} />)}
            <label for="tz" class="sr-only">{t("teacher.zoneLabel")}</label>
            <input
              id="tz"
              name="tz"
              placeholder={t("teacher.zonePlaceholder")}
              class="w-36 rounded-control border border-field px-2 py-1"
            />
            <button
              type="submit"
              class="rounded-control border border-field bg-white px-2 py-1"
            >
              {t("teacher.zoneShow")}
            </button>
          </form>
        </div>

        <nav
          aria-label={t("teacher.lengths")}
          class="mt-4 flex flex-wrap gap-2"
        >
          {picker.lengths.map((l) => (
            <a
              key={l}
              href={link({ length: String(l) })}
              aria-current={l === picker.length ? "true" : undefined}
              class={`rounded-full border px-3 py-1 text-small ${
                l === picker.length
                  ? "border-brand-700 bg-brand-700 text-white"
                  : "border-field bg-white text-ink hover:border-brand-200"
              }`}
            >
              {t("teacher.lengthMinutes", { count: l })}
            </a>
          ))}
        </nav>

        <nav
          aria-label={t("teacher.weeks")}
          class="mt-4 flex flex-wrap items-center justify-between gap-2"
        >
          {picker.previous
            ? (
              <a
                class="text-brand-700 underline"
                rel="prev"
                href={link({ week: picker.previous })}
              >
                {t("teacher.previousWeek")}
              </a>
            )
            : <span />}
          <h3 class="font-semibold" data-week={picker.week}>
            {weekLabel(picker.week)}
          </h3>
          {picker.next
            ? (
              <a
                class="text-brand-700 underline"
                rel="next"
                href={link({ week: picker.next })}
              >
                {t("teacher.nextWeek")}
              </a>
            )
            : <span />}
        </nav>

        {!canBook && (
          <p class="mt-3 text-small text-muted">
            {t("teacher.studentsOnly")}
          </p>
        )}
        <form method="post" class="mt-4 space-y-4">
          <input
            type="hidden"
            name="length_minutes"
            value={String(picker.length)}
          />
          {form?.message && <FormError message={form.message} />}
          {canBook && (
            <div class="space-y-1">
              <label
                for="notes"
                class="block text-small font-medium text-ink"
              >
                {t("teacher.notesLabel")}
              </label>
              <textarea
                id="notes"
                name="notes"
                rows={2}
                maxLength={NOTES_MAX_LENGTH}
                aria-invalid={form?.notesError ? "true" : undefined}
                aria-describedby={form?.notesError
                  ? "notes-error"
                  : "notes-hint"}
                placeholder={t("teacher.notesPlaceholder")}
                class={`block w-full rounded-control border px-3 py-2 text-body shadow-sm focus:border-brand-700 ${
                  form?.notesError ? "border-danger-700" : "border-field"
                }`}
              >
                {form?.notes ?? ""}
              </textarea>
              {form?.notesError
                ? (
                  <p id="notes-error" class="text-small text-danger-700">
                    {form.notesError}
                  </p>
                )
                : (
                  <p id="notes-hint" class="text-small text-muted">
                    {t("teacher.notesHint", { length: picker.length })}
                  </p>
                )}
            </div>
          )}
          {total === 0
            ? (
              <EmptyState icon="calendar">
                {t("teacher.noTimes", { length: picker.length })}{" "}
                {picker.weeks.find((w) => w.count > 0 && w.week !== picker.week)
                  ? (
                    <a
                      class="text-brand-700 underline"
                      href={link({
                        week: picker.weeks.find((w) =>
                          w.count > 0 && w.week !== picker.week
                        )!.week,
                      })}
                    >
                      {t("teacher.nextFreeWeek")}
                    </a>
                  )
                  : (
                    <a class="text-brand-700 underline" href="/teachers">
                      {t("teacher.otherTeachers")}
                    </a>
                  )}
              </EmptyState>
            )
            : (
              <WeekGrid
                days={days}
                canBook={canBook}
                hm={hm}
                teacherHm={teacherHm}
              />
            )}
        </form>

        {picker.weeks.length > 1 && (
          <nav aria-label={t("teacher.comingWeeks")} class="mt-6">
            <h3 class="text-small font-semibold text-slate-700">
              {t("teacher.comingWeeks")}
            </h3>
            <ul class="mt-2 flex flex-wrap gap-2 text-small">
              {picker.weeks.map((w) => (
                <li key={w.week}>
                  <a
                    href={link({ week: w.week })}
                    aria-current={w.week === picker.week ? "true" : undefined}
                    class="inline-block rounded-control border border-field bg-white px-2 py-1 text-brand-700 hover:border-brand-200"
                  >
                    {t("picker.weekCount", {
                      week: weekLabel(w.week),
                      count: w.count,
                    })}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </section>
    </PageShell>
  );
}
