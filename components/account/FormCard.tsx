import type { ComponentChildren } from "preact";
import { PageShell } from "@/components/PageShell.tsx";
import { Notice } from "@/components/ui/Notice.tsx";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { SubmitButton } from "@/components/Form.tsx";
import { LINK } from "@/components/ui/Button.tsx";
import type { User } from "@/lib/auth/users.ts";

/** A notice in a FormCard: green for done, amber for a link that does not work. */
export interface CardNotice {
  tone: "done" | "problem";
  text: string;
}

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
        <PageHeader title={props.title}>
          <p class="text-body">{props.intro}</p>
        </PageHeader>
        {notice && (
          <Notice
            tone={notice.tone === "done" ? "success" : "warning"}
            role="status"
          >
            {notice.text}
          </Notice>
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

const cardLinkClass = LINK;

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
