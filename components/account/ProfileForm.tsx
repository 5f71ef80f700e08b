import { Field, FormError, SubmitButton } from "@/components/Form.tsx";
import { BIO_MAX, HEADLINE_MAX, LIST_MAX } from "@/lib/profiles/schema.ts";

/** The profile form's values as typed, and what is wrong with them. */
export interface ProfileFormState {
  values: Record<string, string>;
  fields: Record<string, string>;
  error: string | null;
}

/** The teacher's headline, bio, subjects and languages: a plain form post. */
export function ProfileForm({ state }: { state: ProfileFormState }) {
  const { values, fields } = state;
  const bioError = fields.bio;
  return (
    <form method="post" action="/account/profile" class="space-y-4">
      <FormError message={state.error} />
      <Field
        label="Headline"
        name="headline"
        value={values.headline}
        error={fields.headline}
        hint={`One line students see first (at most ${HEADLINE_MAX} characters)`}
      />
      <div class="space-y-1">
        <label for="field-bio" class="block text-small font-medium text-ink">
          About you
        </label>
        <textarea
          id="field-bio"
          name="bio"
          rows={6}
          aria-invalid={bioError ? "true" : undefined}
          aria-describedby={bioError ? "field-bio-error" : "field-bio-hint"}
          class={`block w-full rounded-control border px-3 py-2 text-body shadow-sm focus:border-brand-700 ${
            bioError ? "border-danger-700" : "border-field"
          }`}
        >
          {values.bio ?? ""}
        </textarea>
        {bioError
          ? (
            <p id="field-bio-error" class="text-small text-danger-700">
              {bioError}
            </p>
          )
          : (
            <p id="field-bio-hint" class="text-small text-muted">
              At most {BIO_MAX} characters
            </p>
          )}
      </div>
      <Field
        label="Subjects"
        name="subjects"
        value={values.subjects}
        error={fields.subjects}
        hint={`Separated by commas, at most ${LIST_MAX} (e.g. English, IELTS)`}
      />
      <Field
        label="Languages you speak"
        name="languages"
        value={values.languages}
        error={fields.languages}
        hint={`Separated by commas, at most ${LIST_MAX}`}
      />
      <SubmitButton>Save profile</SubmitButton>
    </form>
  );
}
