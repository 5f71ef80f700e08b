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
import type { User } from "@/lib/auth/users.ts";
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
  weekdayLabel,
} from "@/lib/availability/form.ts";

interface Data {
  values: Record<string, string>;
  errors: Record<string, string>;
  message: string | null;
  saved: boolean;
}

const NO_STORE = { "cache-control": "private, no-store" };

function teacher(ctx: FreshContext<State>): User {
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
        message: "Nothing was saved: correct the fields marked below",
        saved: false,
      }, { status: 400, headers: NO_STORE });
    if (Object.keys(errors).length > 0) return again(errors);
    let input;
    try {
      input = validate(availabilitySchema, body, "form");
    } catch (err) {
      if (!(err instanceof BadRequestError)) throw err;
      return again(formFieldErrors(err.fields, mapping));
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
    <PageShell title="Availability" user={user}>
      <PageHeader title="Your availability">
        <p>
          When students can book you, and your lesson policies. Students see
          your free times on{" "}
          <a class="text-brand-700 underline" href={`/teachers/${user.id}`}>
            your booking page
          </a>. One-off slots are still on{" "}
          <a class="text-brand-700 underline" href="/slots">My slots</a>.
        </p>
      </PageHeader>
      {data.saved && (
        <div class="mt-4">
          <Notice tone="success" role="status">
            Availability saved
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
          title="Weekly hours"
          hint="In your time zone. Several stretches a day are fine, e.g. 09:00-12:00, 14:00-18:00; leave a day empty when you do not teach."
        >
          <Field
            name="time_zone"
            label="Time zone"
            value={v("time_zone")}
            error={errors.time_zone}
            hint="An IANA time zone, e.g. Europe/Berlin or America/New_York"
          />
          <div class="grid gap-4 sm:grid-cols-2">
            {[1, 2, 3, 4, 5, 6, 7].map((day) => (
              <Field
                key={day}
                name={`weekly_${day}`}
                label={weekdayLabel(day)}
                value={v(`weekly_${day}`)}
                error={errors[`weekly_${day}`]}
                hint="e.g. 09:00-12:00, 14:00-18:00"
              />
            ))}
          </div>
        </Section>

        <Section
          title="Date overrides"
          hint="A date's own hours replace its weekday's. Leave the hours empty for a day off; clear the date to remove a row."
        >
          {overrideRows.map((row) => (
            <div
              key={row}
              class="flex flex-col gap-3 sm:flex-row"
              data-override-row={row}
            >
              <RowInput
                name={`override_date_${row}`}
                label="Date"
                type="date"
                value={v(`override_date_${row}`)}
                error={errors[`override_date_${row}`]}
              />
              <RowInput
                name={`override_hours_${row}`}
                label="Hours (empty = day off)"
                value={v(`override_hours_${row}`)}
                error={errors[`override_hours_${row}`]}
                hint="e.g. 10:00-12:00"
              />
            </div>
          ))}
        </Section>

        <Section
          title="Lessons"
          hint="The lengths students can choose, where lessons may start, and the time you keep free around them."
        >
          <Field
            name="lesson_lengths"
            label="Lesson lengths (minutes)"
            value={v("lesson_lengths")}
            error={errors.lesson_lengths}
            hint="e.g. 30, 45, 60"
          />
          <div class="space-y-1">
            <label
              for="field-grid_minutes"
              class="block text-small font-medium text-ink"
            >
              Lessons start every
            </label>
            <select
              id="field-grid_minutes"
              name="grid_minutes"
              class={`${inputClass} border-field`}
            >
              {["15", "30"].map((m) => (
                <option key={m} value={m} selected={v("grid_minutes") === m}>
                  {m} minutes
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
              "Buffer before (minutes)",
              "Free time kept before each lesson, at most 1440",
            )}
            {number(
              "buffer_after_minutes",
              "Buffer after (minutes)",
              "Free time kept after each lesson, at most 1440",
            )}
            {number(
              "min_notice_minutes",
              "Minimum notice (minutes)",
              "How soon before a lesson it can be booked; 720 = 12 hours",
            )}
            {number(
              "horizon_days",
              "Booking horizon (days)",
              "How far ahead students can book, at most 366",
            )}
          </div>
        </Section>

        <Section
          title="Policies"
          hint="Shown to students on your booking page."
        >
          <CheckboxField
            name="requires_confirmation"
            label="I confirm each booking"
            hint="Unchecked: bookings are confirmed at once"
            checked={v("requires_confirmation") === "on"}
          />
          <div class="grid gap-4 sm:grid-cols-2">
            {number(
              "request_expiry_hours",
              "Requests expire after (hours)",
              "An unanswered request is declined then, or at its start",
            )}
            {number(
              "cancellation_window_hours",
              "Cancellation window (hours)",
              "A student's later cancellation is recorded as late",
            )}
          </div>
        </Section>

        <SubmitButton>Save availability</SubmitButton>
      </form>
    </PageShell>
  );
}
