interface ToolButtonProps {
  label: string;
  onClick: () => void;
  pressed?: boolean;
  disabled?: boolean;
  /** A colour button shows its colour beside the name. */
  swatch?: string;
}

/** A labelled button of the whiteboard's toolbar. */
export function ToolButton(
  { label, onClick, pressed, disabled, swatch }: ToolButtonProps,
) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
      class={`inline-flex min-h-[44px] items-center gap-1 rounded-md px-2 focus:outline-none focus:ring-2 focus:ring-indigo-400 disabled:opacity-40 ${
        pressed ? "bg-slate-100 text-slate-900" : "bg-slate-700 text-white"
      }`}
    >
      {swatch && (
        <span
          aria-hidden="true"
          class="inline-block h-4 w-4 rounded-full border border-white"
          style={{ background: swatch }}
        />
      )}
      {label}
    </button>
  );
}
