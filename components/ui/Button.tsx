import type { ComponentChildren, JSX } from "preact";

// Buttons and links that look like buttons. Three weights: primary (the one
// thing the page is for), secondary (other actions), quiet (a link-like
// action, e.g. cancel or decline, that leads to a confirmation step), plus
// danger for the confirming step of something that cannot be undone.

/** The class string of each button weight (whole static strings, so a
 * build-time class scanner finds every class). */
export const BUTTON = {
  primary:
    "inline-flex min-h-[44px] items-center justify-center gap-2 rounded-control px-4 py-2 text-body font-medium disabled:cursor-not-allowed disabled:opacity-50 bg-brand-700 text-white shadow-sm hover:bg-brand-800",
  secondary:
    "inline-flex min-h-[44px] items-center justify-center gap-2 rounded-control px-4 py-2 text-body font-medium disabled:cursor-not-allowed disabled:opacity-50 border border-field bg-white text-ink shadow-sm hover:bg-slate-100",
  quiet:
    "inline-flex min-h-[44px] items-center justify-center gap-2 rounded-control px-4 py-2 text-body font-medium disabled:cursor-not-allowed disabled:opacity-50 text-brand-700 underline hover:bg-brand-50",
  danger:
    "inline-flex min-h-[44px] items-center justify-center gap-2 rounded-control px-4 py-2 text-body font-medium disabled:cursor-not-allowed disabled:opacity-50 bg-danger-700 text-white shadow-sm hover:bg-danger-800",
} as const;

export type ButtonVariant = keyof typeof BUTTON;

type ButtonProps =
  & Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, "class">
  & { variant?: ButtonVariant; children: ComponentChildren };

/** A `<button>` (type submit unless told) in one of the weights. */
export function Button({ variant = "primary", type, ...rest }: ButtonProps) {
  return <button type={type ?? "submit"} class={BUTTON[variant]} {...rest} />;
}

type LinkProps =
  & Omit<JSX.AnchorHTMLAttributes<HTMLAnchorElement>, "class">
  & { href: string; variant?: ButtonVariant; children: ComponentChildren };

/** A link that looks like a button (navigation, not an action). */
export function ButtonLink({ variant = "primary", ...rest }: LinkProps) {
  return <a class={BUTTON[variant]} {...rest} />;
}

/** The class of a plain text link inside prose. */
export const LINK =
  "font-medium text-brand-700 underline decoration-brand-200 underline-offset-2 hover:decoration-brand-700";
