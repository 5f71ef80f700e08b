import { Field, SubmitButton } from "@/components/Form.tsx";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas.ts";
import type { User } from "@/lib/auth/users.ts";

/** What the account page's forms show again after a refused post. */
export interface AccountFormState {
  user: User;
  /** Which form was sent, so only its fields show the errors. */
  action: string | null;
  fields: Record<string, string>;
  /** What was typed into the e-mail form (never a password). */
  values: Record<string, string>;
}

/** Classes of an account page section. */
export const sectionClass =
  "space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6";

function errorsOf(state: AccountFormState, action: string) {
  return state.action === action ? state.fields : {};
}

// Each form has its own name for it, so the page's field ids stay unique.
function CurrentPassword(
  { name, error }: { name: string; error?: string },
) {
  return (
    <Field
      label="Current password"
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
  return (
    <form method="post" action="/account" class="space-y-4">
      <Field
        label="Name"
        name="username"
        value={state.user.username}
        error={fields.username}
        autocomplete="name"
        required
      />
      <div class="grid">
        <SubmitButton>Save name</SubmitButton>
      </div>
      <input type="hidden" name="action" value="name" />
    </form>
  );
}

/** The e-mail section: the current address and the form to ask for a new one. */
export function EmailSection(
  { state, sent }: { state: AccountFormState; sent: boolean },
) {
  const fields = errorsOf(state, "email");
  return (
    <section class={sectionClass} aria-labelledby="email-heading">
      <h2 id="email-heading" class="text-lg font-semibold">Email</h2>
      <p>
        Signed up as{" "}
        <strong class="break-all font-medium">{state.user.email}</strong>
      </p>
      {sent && (
        <p role="status" class="text-sm text-green-800">
          We sent a confirmation link to the new address. Your email changes
          when you open it.
        </p>
      )}
      <form method="post" action="/account" class="space-y-4">
        <Field
          label="New email"
          name="email"
          type="email"
          value={state.values.email ?? ""}
          error={fields.email}
          autocomplete="email"
          required
        />
        <CurrentPassword name="email_password" error={fields.email_password} />
        <div class="grid">
          <SubmitButton>Send confirmation link</SubmitButton>
        </div>
        <input type="hidden" name="action" value="email" />
      </form>
    </section>
  );
}

/** The password section: changing it signs out every other session. */
export function PasswordSection({ state }: { state: AccountFormState }) {
  const fields = errorsOf(state, "password");
  return (
    <section class={sectionClass} aria-labelledby="password-heading">
      <h2 id="password-heading" class="text-lg font-semibold">Password</h2>
      <form method="post" action="/account" class="space-y-4">
        <CurrentPassword
          name="current_password"
          error={fields.current_password}
        />
        <Field
          label="New password"
          name="password"
          type="password"
          error={fields.password}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. Your other sessions are signed out.`}
          autocomplete="new-password"
          required
        />
        <div class="grid">
          <SubmitButton>Change password</SubmitButton>
        </div>
        <input type="hidden" name="action" value="password" />
      </form>
    </section>
  );
}
