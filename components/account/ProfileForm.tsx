import { Field, FormError, SubmitButton } from "@/components/Form.tsx";
import { BIO_MAX, HEADLINE_MAX, LIST_MAX } from "@/lib/profiles/schema.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

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
  const { t } = useI18n();
  return (
    <form method="post" action="/account/profile" class="space-y-4">
      <FormError message={state.error} />
      <Field
        label={t("account.profile.headline")}
        name="headline"
        value={values.headline}
        error={fields.headline}
        hint={t("account.profile.headlineHint", { count: HEADLINE_MAX })}
      />
      <div class="space-y-1">
        <label for="field-bio" class="block text-small font-medium text-ink">
          {t("account.profile.bio")}
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
              {t("account.profile.bioHint", { count: BIO_MAX })}
            </p>
          )}
      </div>
      <Field
        label={t("account.profile.subjects")}
        name="subjects"
        value={values.subjects}
        error={fields.subjects}
        hint={t("account.profile.subjectsHint", { count: LIST_MAX })}
      />
      <Field
        label={t("account.profile.languages")}
        name="languages"
        value={values.languages}
        error={fields.languages}
        hint={t("account.profile.languagesHint", { count: LIST_MAX })}
      />
      <SubmitButton>{t("account.profile.save")}</SubmitButton>
    </form>
  );
}
