import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { Notice } from "@/components/ui/Notice.tsx";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { PageShell } from "@/components/PageShell.tsx";
import { Field, FormError, SubmitButton } from "@/components/Form.tsx";
import { StatusBadge } from "@/components/StatusBadge.tsx";
import { MoreLink } from "@/components/MoreLink.tsx";
import {
  MAX_REPEAT_WEEKS,
  MAX_SLOT_MINUTES,
  MIN_SLOT_MINUTES,
} from "@/lib/bookings/model.ts";
import { createSlots, deleteSlot } from "@/lib/bookings/slots.ts";
import {
  listTeacherSlots,
  type TeacherSlot,
} from "@/lib/bookings/availability.ts";
import { encodeCursor, MAX_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import { pageQuerySchema } from "@/lib/bookings/schemas.ts";
import { assertRole, assertSignedIn } from "@/lib/auth/state.ts";
import type { User } from "@/lib/auth/users.ts";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/errors.ts";
import { fromLocalInputValue, toLocalInputValue } from "@/lib/format.ts";
import {
  type FormProblem,
  redirect,
  withFormErrors,
} from "@/lib/http/pages.ts";
import { parseForm, parseQuery, validate } from "@/lib/http/validate.ts";
import type { State } from "@/lib/http/api.ts";
import { type I18n, i18nFor, useI18n } from "@/lib/i18n/i18n.ts";

/** The publish form as typed, with what is wrong with it. */
interface CreateForm {
  values: Record<string, string>;
  fields: Record<string, string>;
  message: string | null;
}

interface Data {
  slots: TeacherSlot[];
  /** The link to the next page of slots, if there is one. */
  later: string | null;
  now: Date;
  notice: string | null;
  create: CreateForm;
  /** A delete that failed, shown next to its slot. */
  deleteError: { slotId: string; message: string } | null;
}

const EMPTY_FORM: CreateForm = {
  values: { start: "", minutes: "60", repeat_weeks: "1" },
  fields: {},
  message: null,
};

const actionSchema = z.object({ action: z.enum(["create", "delete"]) });

// The publish form's schema, its messages in the viewer's language.
function createSchema({ t }: I18n) {
  const minutes = t("slots.minutesRange", {
    min: MIN_SLOT_MINUTES,
    max: MAX_SLOT_MINUTES,
  });
  const weeks = t("slots.weeksRange", { min: 1, max: MAX_REPEAT_WEEKS });
  return z.object({
    start: z.string().trim().min(1, t("slots.chooseStart")),
    minutes: z.coerce.number({ message: t("slots.minutesNumber") })
      .int(t("slots.wholeMinutes"))
      .min(MIN_SLOT_MINUTES, minutes)
      .max(MAX_SLOT_MINUTES, minutes),
    repeat_weeks: z.coerce.number({ message: t("slots.weeksNumber") })
      .int(t("slots.wholeWeeks"))
      .min(1, weeks)
      .max(MAX_REPEAT_WEEKS, weeks),
  });
}

// The service names the stored fields; the form has its own.
const FORM_FIELD: Record<string, string> = {
  start_at: "start",
  end_at: "minutes",
  repeat_weeks: "repeat_weeks",
};

const NO_STORE = { "cache-control": "private, no-store" };

// The signed-in user, refused unless a teacher.
function teacher(ctx: FreshContext<State>) {
  const user = assertSignedIn(ctx);
  assertRole(user, "teacher");
  return user;
}

async function renderPage(
  ctx: FreshContext<State, Data>,
  user: User,
  extra: Partial<Pick<Data, "create" | "deleteError">> = {},
  status = 200,
) {
  const now = new Date();
  const { after } = parseQuery(ctx.url, pageQuerySchema);
  const page = await listTeacherSlots(ctx.state.db, user, now, {
    after,
    limit: MAX_PAGE_SIZE,
  });
  const later = page.next
    ? `/slots?after=${encodeURIComponent(encodeCursor(page.next))}`
    : null;
  const published = Number(ctx.url.searchParams.get("published"));
  const { t } = i18nFor(ctx.state.locale);
  const notice = status !== 200
    ? null
    : published > 0
    ? t("slots.published", { count: published })
    : ctx.url.searchParams.has("deleted")
    ? t("slots.deleted")
    : null;
  return ctx.render({
    slots: page.items,
    later,
    now,
    notice,
    create: extra.create ?? EMPTY_FORM,
    deleteError: extra.deleteError ?? null,
  }, { status, headers: NO_STORE });
}

async function create(
  ctx: FreshContext<State, Data>,
  user: User,
  values: Record<string, string>,
): Promise<Response> {
  const again = ({ status, fields, message }: FormProblem) => {
    const named: Record<string, string> = {};
    for (const [key, text] of Object.entries(fields)) {
      named[FORM_FIELD[key] ?? key] = text;
    }
    return renderPage(ctx, user, {
      create: { values, fields: named, message },
    }, status);
  };
  const i18n = i18nFor(ctx.state.locale);
  return await withFormErrors(
    async () => {
      const input = validate(createSchema(i18n), values, "form");
      const start = fromLocalInputValue(input.start, user.time_zone);
      if (!start) {
        throw new BadRequestError(
          "Invalid form: start: choose a date and time",
          {
            start: i18n.t("slots.chooseStart"),
          },
        );
      }
      const slots = await createSlots(ctx.state.db, user, {
        start_at: start,
        end_at: new Date(start.getTime() + input.minutes * 60_000),
        repeat_weeks: input.repeat_weeks,
      });
      return redirect(`/slots?published=${slots.length}`);
    },
    again,
    ctx.state.locale,
  );
}

export const handler: Handlers<Data, State> = {
  GET(_req, ctx) {
    return renderPage(ctx, teacher(ctx));
  },

  async POST(req, ctx) {
    const user = teacher(ctx);
    const parsed = await parseForm(req, actionSchema);
    if (!parsed.ok) {
      return renderPage(ctx, user, {
        create: {
          ...EMPTY_FORM,
          message: i18nFor(ctx.state.locale).t("slots.chooseAction"),
        },
      }, 400);
    }
    if (parsed.data.action === "create") {
      return create(ctx, user, parsed.values);
    }
    const slotId = parsed.values.slot_id ?? "";
    return await withFormErrors(
      async () => {
        await deleteSlot(ctx.state.db, user, slotId);
        return redirect("/slots?deleted=1");
      },
      ({ status, message }) =>
        renderPage(ctx, user, {
          deleteError: { slotId, message: message ?? "" },
        }, status),
      ctx.state.locale,
      [ConflictError, NotFoundError],
    );
  },
};

function SlotRow(
  { slot, user, error }: { slot: TeacherSlot; user: User; error?: string },
) {
  const { t, dateTime, time } = useI18n();
  return (
    <li class="p-4" data-slot-id={slot.id}>
      <div class="flex items-center justify-between gap-3">
        <div class="min-w-0">
          <p class="font-medium text-ink">
            {t("teacher.timeRange", {
              start: dateTime(slot.start_at, user.time_zone),
              end: time(slot.end_at, user.time_zone),
            })}
          </p>
          <p class="mt-1 flex flex-wrap items-center gap-2 text-small text-muted">
            {slot.booking_id
              ? (
                <>
                  <StatusBadge status={slot.booking_status!} />
                  <a
                    class="text-brand-700 underline"
                    href={`/bookings/${slot.booking_id}`}
                  >
                    {t("slots.booked")}
                  </a>
                </>
              )
              : (
                <span class="inline-block rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-800">
                  {t("slots.open")}
                </span>
              )}
          </p>
        </div>
        {!slot.booking_id && (
          <form method="post">
            <input type="hidden" name="action" value="delete" />
            <input type="hidden" name="slot_id" value={slot.id} />
            <SubmitButton variant="secondary">
              {t("slots.delete")}
            </SubmitButton>
          </form>
        )}
      </div>
      {error && (
        <div class="mt-2">
          <FormError message={error} />
        </div>
      )}
    </li>
  );
}

export default function SlotsPage({ data, state }: PageProps<Data, State>) {
  const user = state.user!;
  const { create, deleteError } = data;
  const orphanDeleteError = deleteError &&
      !data.slots.some((s) => s.id === deleteError.slotId)
    ? deleteError.message
    : null;
  const { t, parts } = useI18n();
  return (
    <PageShell title={t("slots.title")} user={user}>
      <PageHeader title={t("slots.title")}>
        <p>{t("slots.zone", { zone: user.time_zone })}</p>
      </PageHeader>
      <p class="mt-3 text-small text-slate-700">
        {parts("slots.intro", {
          link: (
            <a class="text-brand-700 underline" href="/availability">
              {t("slots.introLink")}
            </a>
          ),
        })}
      </p>
      {data.notice && (
        <div class="mt-4">
          <Notice tone="success" role="status">
            {data.notice}
          </Notice>
        </div>
      )}
      {orphanDeleteError && (
        <div class="mt-4">
          <FormError message={orphanDeleteError} />
        </div>
      )}

      <div class="mt-6 grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="publish-title" class="lg:col-span-1">
          <form
            method="post"
            class="space-y-4 rounded-card border border-line bg-white p-4 sm:p-6"
          >
            <h2 id="publish-title" class="text-heading font-semibold">
              {t("slots.publishHeading")}
            </h2>
            <input type="hidden" name="action" value="create" />
            <FormError message={create.message} />
            <Field
              label={t("slots.start")}
              name="start"
              type="datetime-local"
              value={create.values.start}
              error={create.fields.start}
              hint={t("slots.startHint", { zone: user.time_zone })}
              min={toLocalInputValue(data.now, user.time_zone)}
              required
            />
            <Field
              label={t("slots.minutes")}
              name="minutes"
              type="number"
              value={create.values.minutes}
              error={create.fields.minutes}
              min={String(MIN_SLOT_MINUTES)}
              max={String(MAX_SLOT_MINUTES)}
              required
            />
            <Field
              label={t("slots.repeat")}
              name="repeat_weeks"
              type="number"
              value={create.values.repeat_weeks}
              error={create.fields.repeat_weeks}
              hint={t("slots.repeatHint")}
              min="1"
              max={String(MAX_REPEAT_WEEKS)}
              required
            />
            <SubmitButton>{t("slots.publish")}</SubmitButton>
          </form>
        </section>

        <section aria-labelledby="slots-title" class="lg:col-span-2">
          <h2 id="slots-title" class="text-heading font-semibold">
            {t("slots.upcoming")}
          </h2>
          {data.slots.length === 0
            ? (
              <div class="mt-3">
                <EmptyState icon="calendar">
                  {t("slots.none")}
                </EmptyState>
              </div>
            )
            : (
              <ul class="mt-3 divide-y divide-slate-100 rounded-card border border-line bg-white">
                {data.slots.map((slot) => (
                  <SlotRow
                    key={slot.id}
                    slot={slot}
                    user={user}
                    error={deleteError?.slotId === slot.id
                      ? deleteError.message
                      : undefined}
                  />
                ))}
              </ul>
            )}
          {data.later && (
            <MoreLink
              href={data.later}
              label={t("slots.later")}
            />
          )}
        </section>
      </div>
    </PageShell>
  );
}
