import type { ComponentChildren } from "preact";
import { Field } from "@/components/Form.tsx";
import { FormEnd } from "@/components/account/FormCard.tsx";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas.ts";
import type { User } from "@/lib/auth/users.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** What the account page's forms show again after a refused post. */
export interface AccountFormState {
  user: User;
  /** Which form was sent, so only its fields show the errors. */
  action: string | null;
  fields: Record<string, string>;
  /** What was typed into the e-mail form (never a password). */
  values: Record<string, string>;
}

/** A titled section of the account page; `id` names its heading. */
export function Section(
  props: { id: string; title: string; children: ComponentChildren },
) {
  return (
    <section
      class="space-y-4 rounded-card border border-line bg-white p-4 shadow-sm sm:p-6"
      aria-labelledby={`${props.id}-heading`}
    >
      <h2 id={`${props.id}-heading`} class="text-heading font-semibold">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

function errorsOf(state: AccountFormState, action: string) {
  return state.action === action ? state.fields : {};
}

// Each form has its own name for it, so the page's field ids stay unique.
function CurrentPassword(
  { name, error }: { name: string; error?: string },
) {
  const { t } = useI18n();
  return (
    <Field
      label={t("account.currentPassword")}
      name={name}
      type="password"
      error={error}
      autocomplete="current-password"
      required
    />
  );
}

/** The name form. */
export function NameForm({ state }: { state: AccountFormState }) {
  const fields = errorsOf(state, "name");
  const { t } = useI18n();
  return (
    <form method="post" action="/account" class="space-y-4">
      <Field
        label={t("account.name")}
        name="username"
        value={state.user.username}
        error={fields.username}
        autocomplete="name"
        required
      />
      <FormEnd label={t("account.saveName")} name="action" value="name" />
    </form>
  );
}

/** The e-mail section: the current address and the form to ask for a new one. */
export function EmailSection(
  { state, sent }: { state: AccountFormState; sent: boolean },
) {
  const fields = errorsOf(state, "email");
  const { t, parts } = useI18n();
  return (
    <Section id="email" title={t("field.email")}>
      <p>
        {parts("account.signedUpAs", {
          email: (
            <strong class="break-all font-medium">{state.user.email}</strong>
          ),
        })}
      </p>
      {sent && (
        <p role="status" class="text-small text-success-800">
          {t("account.emailSent")}
        </p>
      )}
      <form method="post" action="/account" class="space-y-4">
        <Field
          label={t("account.newEmail")}
          name="email"
          type="email"
          value={state.values.email ?? ""}
          error={fields.email}
          autocomplete="email"
          required
        />
        <CurrentPassword name="email_password" error={fields.email_password} />
        <FormEnd
          label={t("account.sendEmailLink")}
          name="action"
          value="email"
        />
      </form>
    </Section>
  );
}

/** The password section: changing it signs out every other session. */
export function PasswordSection({ state }: { state: AccountFormState }) {
  const fields = errorsOf(state, "password");
  const { t } = useI18n();
  return (
    <Section id="password" title={t("field.password")}>
      <form method="post" action="/account" class="space-y-4">
        <CurrentPassword
          name="current_password"
          error={fields.current_password}
        />
        <Field
          label={t("account.newPassword")}
          name="password"
          type="password"
          error={fields.password}
          hint={t("account.newPasswordHint", { count: PASSWORD_MIN_LENGTH })}
          autocomplete="new-password"
          required
        />
        <FormEnd
          label={t("account.changePassword")}
          name="action"
          value="password"
        />
      </form>
    </Section>
  );
}
