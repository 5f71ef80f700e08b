import type { ComponentChildren } from "preact";

// A card: one thing on a page (a booking, a form, a teacher) on a white
// surface with a quiet border.

/** The card's class, for elements that cannot use the component. */
export const CARD =
  "rounded-card border border-line bg-white p-4 shadow-sm sm:p-6";

interface CardProps {
  /** The element: a `section` with a heading, a `div` otherwise. */
  as?: "section" | "div" | "article" | "li";
  id?: string;
  "aria-labelledby"?: string;
  children: ComponentChildren;
}

/** A card around its children. */
export function Card({ as = "div", ...rest }: CardProps) {
  const Tag = as;
  return <Tag class={CARD} {...rest} />;
}

/** A card's heading (an h2 with the heading size). */
export function CardTitle({ children, id }: {
  children: ComponentChildren;
  id?: string;
}) {
  return <h2 id={id} class="text-heading font-semibold text-ink">{children}
  </h2>;
}
