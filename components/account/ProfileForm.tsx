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
        <label for="field-bio" class="block text-sm font-medium text-slate-800">
          About you
        </label>
        <textarea
          id="field-bio"
          name="bio"
          rows={6}
          aria-invalid={bioError ? "true" : undefined}
          aria-describedby={bioError ? "field-bio-error" : "field-bio-hint"}
          class={`block w-full rounded-md border px-3 py-2 text-base shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-500 ${
            bioError ? "border-red-500" : "border-slate-300"
          }`}
        >
          {values.bio ?? ""}
        </textarea>
        {bioError
          ? <p id="field-bio-error" class="text-sm text-red-700">{bioError}</p>
          : (
            <p id="field-bio-hint" class="text-sm text-slate-500">
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
