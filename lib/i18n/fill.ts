// Messages in the browser without the catalogue: an island gets the templates
// it needs as a prop (e.g. lib/i18n/room_texts.ts, built on the server in the
// viewer's language) and fills them here, as translate() does on the server:
// `{name}` placeholders, numbers through Intl.NumberFormat, the plural form
// through Intl.PluralRules.
import type { MessageParams, Plural } from "@/lib/i18n/messages.ts";

/** Templates by key: a plural message keeps its forms. */
export type Texts<K extends string> = Readonly<Record<K, string | Plural>>;

/** A message in words: its template filled with `params`. */
export type Say<K extends string> = (key: K, params?: MessageParams) => string;

/**
 * The message function of `texts` in `locale`. A plural message picks its
 * form by `params.count`; a missing placeholder stays as it is.
 */
export function sayer<K extends string>(
  locale: string,
  texts: Texts<K>,
): Say<K> {
  let rules: Intl.PluralRules | undefined;
  let numbers: Intl.NumberFormat | undefined;
  return (key, params = {}) => {
    const message = texts[key] ?? key;
    let text: string;
    if (typeof message === "string") text = message;
    else {
      rules ??= new Intl.PluralRules(locale);
      text = message[rules.select(Number(params.count ?? 0))] ??
        message.other;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (typeof value !== "number") return value ?? whole;
      numbers ??= new Intl.NumberFormat(locale);
      return numbers.format(value);
    });
  };
}
