import type { ComponentChildren } from "preact";

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
      <label for={id} class="block text-sm font-medium text-slate-800">
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
        class={`block w-full rounded-md border px-3 py-2 text-base shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-500 ${
          props.error ? "border-red-500" : "border-slate-300"
        }`}
      />
      {props.error && (
        <p id={`${id}-error`} class="text-sm text-red-700">{props.error}</p>
      )}
      {!props.error && props.hint && (
        <p id={`${id}-hint`} class="text-sm text-slate-500">{props.hint}</p>
      )}
    </div>
  );
}

/** A message about the whole form (not one field). */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
    >
      {message}
    </p>
  );
}

/** The main button of a form. */
export function SubmitButton({ children, variant = "primary" }: {
  children: ComponentChildren;
  variant?: "primary" | "secondary" | "danger";
}) {
  const colors = {
    primary: "bg-indigo-600 text-white hover:bg-indigo-700",
    secondary:
      "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
    danger: "bg-red-600 text-white hover:bg-red-700",
  }[variant];
  return (
    <button
      type="submit"
      class={`inline-flex items-center justify-center rounded-md px-4 py-2 font-medium ${colors}`}
    >
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
        class="mt-1 h-5 w-5 shrink-0 accent-indigo-600"
      />
      <span>
        <span class="block font-medium">{label}</span>
        <span id={`${id}-hint`} class="block text-sm text-slate-500">
          {hint}
        </span>
      </span>
    </label>
  );
}
