import type { ComponentChildren } from "preact";
import { BUTTON, type ButtonVariant } from "@/components/ui/Button.tsx";
import { Icon } from "@/components/ui/Icon.tsx";

/** The class of a text input, valid and invalid (whole static strings). */
export const INPUT = {
  ok:
    "block min-h-[44px] w-full rounded-control border border-field bg-white px-3 py-2 text-body text-ink shadow-sm focus:border-brand-700",
  error:
    "block min-h-[44px] w-full rounded-control border-2 border-danger-700 bg-white px-3 py-2 text-body text-ink shadow-sm focus:border-danger-700",
} as const;

/** The class of a field's label. */
export const LABEL = "block text-small font-medium text-ink";

/** The class of a field's hint and its error. */
export const HINT = "text-small text-muted";
export const FIELD_ERROR =
  "flex items-center gap-1 text-small font-medium text-danger-700";

interface FieldProps {
  label: string;
  name: string;
  type?: string;
  value?: string;
  /** What is wrong with the value, shown under the field. */
  error?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  min?: string;
  max?: string;
}

/** A labelled input with its validation message next to it. */
export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  const describedBy = props.error
    ? `${id}-error`
    : props.hint
    ? `${id}-hint`
    : undefined;
  return (
    <div class="space-y-1">
      <label for={id} class={LABEL}>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        required={props.required}
        autocomplete={props.autocomplete}
        min={props.min}
        max={props.max}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy}
        class={props.error ? INPUT.error : INPUT.ok}
      />
      {props.error && (
        <div class={FIELD_ERROR}>
          <Icon name="alert" class="h-4 w-4 shrink-0" />
          <p id={`${id}-error`}>{props.error}</p>
        </div>
      )}
      {!props.error && props.hint && (
        <p id={`${id}-hint`} class={HINT}>{props.hint}</p>
      )}
    </div>
  );
}

/** A message about the whole form (not one field). */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div class="flex items-start gap-2 rounded-control border border-danger-200 bg-danger-50 px-3 py-2 text-small text-danger-800">
      <Icon name="alert" class="mt-0.5 h-4 w-4 shrink-0" />
      <p role="alert">{message}</p>
    </div>
  );
}

/** The main button of a form. */
export function SubmitButton({ children, variant = "primary" }: {
  children: ComponentChildren;
  variant?: ButtonVariant;
}) {
  return (
    <button type="submit" class={BUTTON[variant]}>
      {children}
    </button>
  );
}

/** A checkbox with its label and a hint under it (an unchecked box sends nothing). */
export function CheckboxField({ name, label, hint, checked }: {
  name: string;
  label: string;
  hint: string;
  checked: boolean;
}) {
  const id = `field-${name}`;
  return (
    <label for={id} class="flex min-h-[44px] cursor-pointer items-start gap-3">
      <input
        id={id}
        type="checkbox"
        name={name}
        value="on"
        checked={checked}
        aria-describedby={`${id}-hint`}
        class="mt-1 h-5 w-5 shrink-0 accent-brand-700"
      />
      <span>
        <span class="block font-medium">{label}</span>
        <span id={`${id}-hint`} class="block text-small text-muted">
          {hint}
        </span>
      </span>
    </label>
  );
}
