import type { ComponentChildren } from "preact";
import { Icon } from "@/components/call/Icon.tsx";

interface ControlButtonProps {
  /** The accessible name, also the tooltip and (on wider screens) the text. */
  label: string;
  icon: string;
  onClick: () => void;
  pressed?: boolean;
  danger?: boolean;
  disabled?: boolean;
  /** Shows the label on narrow screens too (the pre-join panel has room). */
  labelled?: boolean;
  /** A badge drawn over the button. */
  children?: ComponentChildren;
  /** Names the button for code, whatever its label's language (`data-control`). */
  control?: string;
}

/** A round button of the controls bar. */
export function ControlButton(
  {
    label,
    icon,
    onClick,
    pressed,
    danger,
    disabled,
    labelled,
    children,
    control,
  }: ControlButtonProps,
) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      data-control={control}
      disabled={disabled}
      onClick={onClick}
      class={`relative inline-flex min-h-[44px] items-center gap-2 rounded-full px-4 py-2 text-sm font-medium focus:outline-none focus:ring-2 focus:ring-indigo-400 disabled:opacity-40 ${
        danger
          ? "bg-red-600 text-white hover:bg-red-700"
          : pressed
          ? "bg-slate-100 text-slate-900"
          : "bg-slate-700 text-white hover:bg-slate-600"
      }`}
    >
      <Icon d={icon} />
      <span class={labelled ? "" : "hidden sm:inline"}>{label}</span>
      {children}
    </button>
  );
}
