import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import { FormError, SubmitButton } from "@/components/Form.tsx";
import { MoreLink } from "@/components/MoreLink.tsx";
import type { Slot } from "@/lib/bookings/model.ts";
import { createBooking } from "@/lib/bookings/create.ts";
import { getSchedulePolicy } from "@/lib/availability/store.ts";
import { listOpenSlots } from "@/lib/bookings/availability.ts";
import { encodeCursor, MAX_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import { bookingSchema, pageQuerySchema } from "@/lib/bookings/schemas.ts";
import { getUserById, type User } from "@/lib/auth/users.ts";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/errors.ts";
import { dateFormat, formatTime } from "@/lib/format.ts";
import { redirect, withFormErrors } from "@/lib/http/pages.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, parseForm, parseQuery } from "@/lib/http/validate.ts";
import { NOTES_MAX_LENGTH } from "@/lib/limits.ts";
import type { State } from "@/lib/http/api.ts";

/** A booking attempt that failed, shown again at its slot. */
interface BookForm {
  slotId: string;
  notes: string;
  /** What is wrong with the notes. */
  notesError: string | null;
  message: string | null;
}

interface Data {
  teacher: User;
  requiresConfirmation: boolean;
  days: { label: string; slots: Slot[] }[];
  /** The link to the next page of slots, if there is one. */
  later: string | null;
  form: BookForm | null;
}

async function loadTeacher(ctx: FreshContext<State>): Promise<User> {
  const teacher = await getUserById(
    ctx.state.db,
    idParam(ctx, "Teacher not found"),
  );
  if (!teacher || teacher.role !== "teacher") {
    throw new NotFoundError("Teacher not found");
  }
  return teacher;
}

/** Slots grouped by their day in the viewer's time zone, in order. */
function groupByDay(slots: Slot[], timeZone: string) {
  const label = dateFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone,
  });
  const days: { label: string; slots: Slot[] }[] = [];
  for (const slot of slots) {
    const day = label.format(slot.start_at);
    const last = days.at(-1);
    if (last?.label === day) last.slots.push(slot);
    else days.push({ label: day, slots: [slot] });
  }
  return days;
}

async function renderPage(
  ctx: FreshContext<State, Data>,
  viewer: User,
  teacher: User,
  form: BookForm | null = null,
  status = 200,
) {
  const { after } = parseQuery(ctx.url, pageQuerySchema);
  const page = await listOpenSlots(ctx.state.db, {
    teacher_id: teacher.id,
    after,
    limit: MAX_PAGE_SIZE,
  });
  const later = page.next
    ? `/teachers/${teacher.id}?after=${
      encodeURIComponent(encodeCursor(page.next))
    }`
    : null;
  const policy = await getSchedulePolicy(ctx.state.db, teacher.id);
  return ctx.render({
    teacher,
    requiresConfirmation: policy.requires_confirmation,
    days: groupByDay(page.items, viewer.time_zone),
    later,
    form,
  }, { status });
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const viewer = assertSignedIn(ctx);
    return renderPage(ctx, viewer, await loadTeacher(ctx));
  },

  async POST(req, ctx) {
    const viewer = assertSignedIn(ctx);
    const teacher = await loadTeacher(ctx);
    const parsed = await parseForm(req, bookingSchema);
    const slotId = parsed.values.slot_id ?? "";
    const notes = parsed.values.notes ?? "";
    if (!parsed.ok) {
      const fields = parsed.error.fields;
      return renderPage(ctx, viewer, teacher, {
        slotId,
        notes,
        notesError: fields.notes ?? null,
        message: fields.slot_id ? "Choose a slot to book" : null,
      }, 400);
    }
    const input = parsed.data;
    return await withFormErrors(async () => {
      const booking = await createBooking(ctx.state.db, viewer, {
        slot_id: input.slot_id!,
        notes: input.notes,
      });
      return redirect(`/bookings/${booking.id}`);
    }, ({ status, fields, message }) =>
      // A slot that is gone is as taken as a booked one.
      status === 404
        ? renderPage(ctx, viewer, teacher, {
          slotId,
          notes,
          notesError: null,
          message: "Cannot book slot: it is no longer available",
        }, 409)
        : renderPage(ctx, viewer, teacher, {
          slotId,
          notes,
          notesError: fields.notes ?? null,
          message: fields.notes ? null : message ?? Object.values(fields)[0],
        }, status), [BadRequestError, ConflictError, NotFoundError]);
  },
};

function BookSlotForm(
  { slot, form }: { slot: Slot; form: BookForm | null },
) {
  const mine = form?.slotId === slot.id ? form : null;
  const id = `notes-${slot.id}`;
  return (
    <form method="post" class="mt-3 space-y-2">
      <input type="hidden" name="slot_id" value={slot.id} />
      <details open={Boolean(mine?.notes || mine?.notesError)}>
        <summary class="cursor-pointer text-sm text-indigo-700">
          Add a note for the teacher (optional)
        </summary>
        <div class="mt-2 space-y-1">
          <label for={id} class="block text-sm font-medium text-slate-800">
            Note
          </label>
          <textarea
            id={id}
            name="notes"
            rows={3}
            maxLength={NOTES_MAX_LENGTH}
            aria-invalid={mine?.notesError ? "true" : undefined}
            aria-describedby={mine?.notesError ? `${id}-error` : undefined}
            placeholder="What would you like to work on?"
            class={`block w-full rounded-md border px-3 py-2 text-base shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-500 ${
              mine?.notesError ? "border-red-500" : "border-slate-300"
            }`}
          >
            {mine?.notes ?? ""}
          </textarea>
          {mine?.notesError && (
            <p id={`${id}-error`} class="text-sm text-red-700">
              {mine.notesError}
            </p>
          )}
        </div>
      </details>
      <SubmitButton>Book</SubmitButton>
    </form>
  );
}

export default function TeacherPage({ data, state }: PageProps<Data, State>) {
  const viewer = state.user!;
  const { teacher, days, form } = data;
  const canBook = viewer.role === "student";
  const formOnPage = form &&
    days.some((d) => d.slots.some((s) => s.id === form.slotId));
  return (
    <PageShell title={teacher.username} user={viewer}>
      <p class="text-sm">
        <a class="text-indigo-700 underline" href="/teachers">
          ← All teachers
        </a>
      </p>
      <h1 class="mt-3 text-2xl font-semibold break-words">
        {teacher.username}
      </h1>
      <p class="mt-1 text-sm text-slate-600">
        Free lesson slots. Times are in your time zone, {viewer.time_zone}.
        {data.requiresConfirmation
          ? " The teacher confirms each booking."
          : " Bookings are confirmed at once."}
      </p>
      {!canBook && (
        <p class="mt-3 text-sm text-slate-600">
          Only students can book lessons.
        </p>
      )}
      {form?.message && !formOnPage && (
        <div class="mt-4">
          <FormError message={form.message} />
        </div>
      )}
      {days.length === 0
        ? (
          <p class="mt-6 rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            {teacher.username} has no free slots right now.{" "}
            <a class="text-indigo-700 underline" href="/teachers">
              See other teachers
            </a>
          </p>
        )
        : (
          <div class="mt-6 space-y-6">
            {days.map((day) => (
              <section key={day.label}>
                <h2 class="text-lg font-semibold">{day.label}</h2>
                <ul class="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                  {day.slots.map((slot) => (
                    <li
                      key={slot.id}
                      data-slot-id={slot.id}
                      class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
                    >
                      <p class="font-medium">
                        {formatTime(
                          slot.start_at,
                          viewer.time_zone,
                        )}–{formatTime(
                          slot.end_at,
                          viewer.time_zone,
                        )}
                      </p>
                      <p class="text-sm text-slate-600">
                        {Math.round(
                          (slot.end_at.getTime() - slot.start_at.getTime()) /
                            60_000,
                        )} minutes
                      </p>
                      {form?.slotId === slot.id && form.message && (
                        <div class="mt-2">
                          <FormError message={form.message} />
                        </div>
                      )}
                      {canBook && <BookSlotForm slot={slot} form={form} />}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      {data.later && <MoreLink href={data.later} label="Later slots" />}
    </PageShell>
  );
}
