import { SubmitButton } from "@/components/Form.tsx";
import { photoUrl } from "@/components/teacher/Profile.tsx";
import { PHOTO_MAX_BYTES } from "@/lib/profiles/image.ts";
import type { TeacherProfile } from "@/lib/profiles/store.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** The largest photo's size as the locale writes it ("2 MB"). */
export function photoMaxSize(locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: "megabyte",
    maximumFractionDigits: 1,
  }).format(PHOTO_MAX_BYTES / (1024 * 1024));
}

/** The current photo, a multipart upload form, and a remove button. */
export function PhotoForm(
  { profile, error }: { profile: TeacherProfile; error: string | null },
) {
  const { t, locale } = useI18n();
  return (
    <div class="space-y-4">
      {profile.photo_large
        ? (
          <img
            src={photoUrl(profile.photo_large)}
            alt={t("account.profile.currentPhoto")}
            width={160}
            height={160}
            class="h-40 w-40 rounded-full object-cover"
          />
        )
        : (
          <p class="text-small text-muted">
            {t("account.profile.noPhoto")}
          </p>
        )}
      <form
        method="post"
        action="/account/profile"
        enctype="multipart/form-data"
        class="space-y-2"
      >
        <label
          for="field-photo"
          class="block text-small font-medium text-ink"
        >
          {t("account.profile.newPhoto")}
        </label>
        <input
          id="field-photo"
          name="photo"
          type="file"
          required
          accept="image/jpeg,image/png,image/webp"
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "field-photo-error" : "field-photo-hint"}
          class="block w-full text-small"
        />
        {error
          ? (
            <p id="field-photo-error" class="text-small text-danger-700">
              {error}
            </p>
          )
          : (
            <p id="field-photo-hint" class="text-small text-muted">
              {t("account.profile.photoHint", {
                size: photoMaxSize(locale),
              })}
            </p>
          )}
        <SubmitButton>{t("account.profile.upload")}</SubmitButton>
      </form>
      {profile.photo_large && (
        <form method="post" action="/account/profile">
          <input type="hidden" name="action" value="remove_photo" />
          <SubmitButton variant="secondary">
            {t("account.profile.removePhoto")}
          </SubmitButton>
        </form>
      )}
    </div>
  );
}
