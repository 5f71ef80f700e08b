import type { ComponentChildren } from "preact";
import { PageShell } from "@/components/PageShell.tsx";
import { SubmitButton } from "@/components/Form.tsx";
import type { User } from "@/lib/auth/users.ts";

/** A notice in a FormCard: green for done, amber for a link that does not work. */
export interface CardNotice {
  tone: "done" | "problem";
  text: string;
}

const TONES = {
  done: "border-success-200 bg-success-50 text-success-800",
  problem: "border-warning-200 bg-warning-50 text-warning-900",
};

/**
 * The frame of the small account pages (forgotten password, reset, e-mail
 * confirmation): a heading, a line of intro, an optional notice, the form.
 */
export function FormCard(props: {
  title: string;
  intro: string;
  user?: User | null;
  notice?: CardNotice | null;
  /** The link under the form. */
  footer: { href: string; text: string };
  children?: ComponentChildren;
}) {
  const { notice } = props;
  return (
    <PageShell title={props.title} user={props.user}>
      <div class="mx-auto max-w-md">
        <h1 class="text-title font-semibold tracking-tight">{props.title}</h1>
        <p class="mt-1 text-muted">{props.intro}</p>
        {notice && (
          <p
            role="status"
            class={`mt-6 rounded-control border px-3 py-2 text-small font-medium ${
              TONES[notice.tone]
            }`}
          >
            {notice.text}
          </p>
        )}
        {props.children}
        <p class="mt-4 text-center text-muted">
          <a class={cardLinkClass} href={props.footer.href}>
            {props.footer.text}
          </a>
        </p>
      </div>
    </PageShell>
  );
}

/** Classes of the bordered form inside a FormCard. */
export const cardFormClass =
  "mt-6 space-y-5 rounded-card border border-line bg-white p-4 shadow-sm sm:p-6";

const cardLinkClass = "font-medium text-brand-700 underline";

/**
 * The end of a form: its submit button, then the hidden field that says what
 * the form is for (last, so the spacing between visible fields holds).
 */
export function FormEnd(
  props: { label: string; name: string; value: string },
) {
  return (
    <>
      <div class="grid pt-1">
        <SubmitButton>{props.label}</SubmitButton>
      </div>
      <input type="hidden" name={props.name} value={props.value} />
    </>
  );
}
