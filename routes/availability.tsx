import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { Notice } from "@/components/ui/Notice.tsx";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import type { ComponentChildren } from "preact";
import { PageShell } from "@/components/PageShell.tsx";
import {
  CheckboxField,
  Field,
  FormError,
  SubmitButton,
} from "@/components/Form.tsx";
import { assertRole, assertSignedIn } from "@/lib/auth/state.ts";
import { BadRequestError } from "@/lib/errors.ts";
import { redirect } from "@/lib/http/pages.ts";
import { validate } from "@/lib/http/validate.ts";
import { readBodyText } from "@/lib/http/body.ts";
import type { State } from "@/lib/http/api.ts";
import { availabilitySchema } from "@/lib/availability/schema.ts";
import {
  getOwnAvailability,
  toAvailabilityView,
  updateAvailability,
} from "@/lib/availability/edit.ts";
import {
  availabilityBodyOf,
  availabilityFormValues,
  formFieldErrors,
  NEW_OVERRIDE_ROWS,
  overrideRowCount,
} from "@/lib/availability/form.ts";
import { dateFormat } from "@/lib/format.ts";
import { i18nFor, useI18n } from "@/lib/i18n/i18n.ts";

interface Data {
  values: Record<string, string>;
  errors: Record<string, string>;
  message: string | null;
  saved: boolean;
}

const NO_STORE = { "cache-control": "private, no-store" };

// The signed-in user, refused unless a teacher.
function teacher(ctx: FreshContext<State>) {
  const user = assertSignedIn(ctx);
  assertRole(user, "teacher");
  return user;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const user = teacher(ctx);
    const rules = await getOwnAvailability(ctx.state.db, user);
    return ctx.render({
      values: availabilityFormValues(toAvailabilityView(rules)),
      errors: {},
      message: null,
      saved: ctx.url.searchParams.has("saved"),
    }, { headers: NO_STORE });
  },

  async POST(req, ctx) {
    const user = teacher(ctx);
    const values: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(await readBodyText(req))) {
      values[k] = v;
    }
    const { body, mapping, errors } = availabilityBodyOf(values);
    const again = (fields: Record<string, string>) =>
      ctx.render({
        values,
        errors: fields,
        message: i18nFor(ctx.state.locale).t("availability.notSaved"),
        saved: false,
      }, { status: 400, headers: NO_STORE });
    if (Object.keys(errors).length > 0) return again(errors);
    let input;
    try {
      input = validate(availabilitySchema, body, "form");
    } catch (err) {
      if (!(err instanceof BadRequestError)) throw err;
      return again(formFieldErrors(err.fieldsIn(ctx.state.locale), mapping));
    }
    await updateAvailability(ctx.state.db, user, input);
    return redirect("/availability?saved=1");
  },
};

const inputClass =
  "block w-full rounded-control border px-3 py-2 text-body shadow-sm focus:border-brand-700";

/** A text input in a row, labelled, with its error under it. */
function RowInput({ name, label, value, error, type = "text", hint }: {
  name: string;
  label: string;
  value: string;
  error?: string;
  type?: string;
  hint?: string;
}) {
  const id = `field-${name}`;
  return (
    <div class="min-w-0 flex-1 space-y-1">
      <label for={id} class="block text-small font-medium text-ink">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        placeholder={hint}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        class={`${inputClass} ${error ? "border-danger-700" : "border-field"}`}
      />
      {error && (
        <p id={`${id}-error`} class="text-small text-danger-700">{error}</p>
      )}
    </div>
  );
}

function Section({ title, hint, children }: {
  title: string;
  hint: string;
  children: ComponentChildren;
}) {
  return (
    <fieldset class="rounded-card border border-line bg-white p-4 shadow-sm sm:p-6">
      <legend class="px-1 text-heading font-semibold">{title}</legend>
      <p class="text-small text-muted">{hint}</p>
      <div class="mt-4 space-y-4">{children}</div>
    </fieldset>
  );
}

export default function AvailabilityPage(
  { data, state }: PageProps<Data, State>,
) {
  const user = state.user!;
  const { t, parts, locale, firstDay } = useI18n();
  // The week from the locale's first day, each ISO weekday (1 = Monday) named
  // by Intl: 1 January 2024 was a Monday.
  const weekdays = [0, 1, 2, 3, 4, 5, 6].map((i) => (firstDay - 1 + i) % 7 + 1);
  const weekdayName = dateFormat(locale, { weekday: "long", timeZone: "UTC" });
  const dayName = (day: number) =>
    weekdayName.format(new Date(Date.UTC(2024, 0, day)));
  const link = (href: string, text: string) => (
    <a class="text-brand-700 underline" href={href}>{text}</a>
  );
  const { values, errors } = data;
  const v = (name: string) => values[name] ?? "";
  const rows = overrideRowCount(values);
  const overrideRows = [
    ...Array(rows + (data.message ? 0 : NEW_OVERRIDE_ROWS)).keys(),
  ];
  const number = (name: string, label: string, hint: string) => (
    <Field
      name={name}
      label={label}
      type="number"
      min="0"
      value={v(name)}
      error={errors[name]}
      hint={hint}
    />
  );
  return (
    <PageShell title={t("availability.title")} user={user}>
      <PageHeader title={t("availability.heading")}>
        <p>
          {parts("availability.intro", {
            page: link(`/teachers/${user.id}`, t("availability.introPage")),
            slots: link("/slots", t("availability.introSlots")),
          })}
        </p>
      </PageHeader>
      {data.saved && (
        <div class="mt-4">
          <Notice tone="success" role="status">
            {t("availability.saved")}
          </Notice>
        </div>
      )}
      {data.message && (
        <div class="mt-4">
          <FormError message={data.message} />
        </div>
      )}
      <form method="post" class="mt-6 space-y-6">
        <Section
          title={t("availability.weekly")}
          hint={t("availability.weeklyHint")}
        >
          <Field
            name="time_zone"
            label={t("availability.timeZone")}
            value={v("time_zone")}
            error={errors.time_zone}
            hint={t("availability.timeZoneHint")}
          />
          <div class="grid gap-4 sm:grid-cols-2">
            {weekdays.map((day) => (
              <Field
                key={day}
                name={`weekly_${day}`}
                label={dayName(day)}
                value={v(`weekly_${day}`)}
                error={errors[`weekly_${day}`]}
                hint={t("availability.hoursHint")}
              />
            ))}
          </div>
        </Section>

        <Section
          title={t("availability.overrides")}
          hint={t("availability.overridesHint")}
        >
          {overrideRows.map((row) => (
            <div
              key={row}
              class="flex flex-col gap-3 sm:flex-row"
              data-override-row={row}
            >
              <RowInput
                name={`override_date_${row}`}
                label={t("availability.date")}
                type="date"
                value={v(`override_date_${row}`)}
                error={errors[`override_date_${row}`]}
              />
              <RowInput
                name={`override_hours_${row}`}
                label={t("availability.hours")}
                value={v(`override_hours_${row}`)}
                error={errors[`override_hours_${row}`]}
                hint={t("availability.overrideHint")}
              />
            </div>
          ))}
        </Section>

        <Section
          title={t("availability.lessons")}
          hint={t("availability.lessonsHint")}
        >
          <Field
            name="lesson_lengths"
            label={t("availability.lengths")}
            value={v("lesson_lengths")}
            error={errors.lesson_lengths}
            hint={t("availability.lengthsHint")}
          />
          <div class="space-y-1">
            <label
              for="field-grid_minutes"
              class="block text-small font-medium text-ink"
            >
              {t("availability.grid")}
            </label>
            <select
              id="field-grid_minutes"
              name="grid_minutes"
              class={`${inputClass} border-field`}
            >
              {["15", "30"].map((m) => (
                <option key={m} value={m} selected={v("grid_minutes") === m}>
                  {t("unit.minutes", { count: Number(m) })}
                </option>
              ))}
            </select>
            {errors.grid_minutes && (
              <p class="text-small text-danger-700">{errors.grid_minutes}</p>
            )}
          </div>
          <div class="grid gap-4 sm:grid-cols-2">
            {number(
              "buffer_before_minutes",
              t("availability.bufferBefore"),
              t("availability.bufferBeforeHint"),
            )}
            {number(
              "buffer_after_minutes",
              t("availability.bufferAfter"),
              t("availability.bufferAfterHint"),
            )}
            {number(
              "min_notice_minutes",
              t("availability.notice"),
              t("availability.noticeHint"),
            )}
            {number(
              "horizon_days",
              t("availability.horizon"),
              t("availability.horizonHint"),
            )}
          </div>
        </Section>

        <Section
          title={t("availability.policies")}
          hint={t("availability.policiesHint")}
        >
          <CheckboxField
            name="requires_confirmation"
            label={t("availability.confirm")}
            hint={t("availability.confirmHint")}
            checked={v("requires_confirmation") === "on"}
          />
          <div class="grid gap-4 sm:grid-cols-2">
            {number(
              "request_expiry_hours",
              t("availability.expiry"),
              t("availability.expiryHint"),
            )}
            {number(
              "cancellation_window_hours",
              t("availability.cancelWindow"),
              t("availability.cancelWindowHint"),
            )}
          </div>
        </Section>

        <SubmitButton>{t("availability.save")}</SubmitButton>
      </form>
    </PageShell>
  );
}
