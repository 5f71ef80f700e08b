// The account page's format setting: a locale from a short list, or the
// browser's own preference (Accept-Language).
import { SubmitButton } from "@/components/Form.tsx";
import { localeChoices, localeExample } from "@/lib/i18n/choices.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";
import { matchAcceptLanguage } from "@/lib/i18n/locale.ts";

/** The format form; `browser` is the request's Accept-Language match. */
export function LocaleForm({ current, browser, error }: {
  /** The account's setting; null follows the browser. */
  current: string | null;
  browser: string;
  error?: string;
}) {
  const { t, locale } = useI18n();
  const id = "field-locale";
  const hintId = error ? `${id}-error` : `${id}-hint`;
  return (
    <form method="post" action="/account" class="space-y-4">
      <div class="space-y-1">
        <label for={id} class="block text-sm font-medium text-slate-800">
          {t("locale.label")}
        </label>
        <select
          id={id}
          name="locale"
          aria-describedby={hintId}
          aria-invalid={error ? "true" : undefined}
          class={`block w-full rounded-md border px-3 py-2 text-base shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-500 ${
            error ? "border-red-500" : "border-slate-300"
          }`}
        >
          <option value="" selected={current === null}>
            {t("locale.automatic", {
              example: localeExample(browser, locale),
            })}
          </option>
          {localeChoices(locale).map((c) => (
            <option key={c.tag} value={c.tag} selected={c.tag === current}>
              {t("locale.option", { name: c.name, example: c.example })}
            </option>
          ))}
        </select>
        {error
          ? <p id={`${id}-error`} class="text-sm text-red-700">{error}</p>
          : (
            <p id={`${id}-hint`} class="text-sm text-slate-500">
              {t("locale.hint")}
            </p>
          )}
      </div>
      <div class="grid">
        <SubmitButton>{t("locale.save")}</SubmitButton>
      </div>
      <input type="hidden" name="action" value="locale" />
    </form>
  );
}

/** The locale a request's browser asks for, for the "automatic" choice. */
export function browserLocale(req: Request): string | null {
  return matchAcceptLanguage(req.headers.get("accept-language"));
}
