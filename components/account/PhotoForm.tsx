import { SubmitButton } from "@/components/Form.tsx";
import { photoUrl } from "@/components/teacher/Profile.tsx";
import type { TeacherProfile } from "@/lib/profiles/store.ts";

/** The current photo, a multipart upload form, and a remove button. */
export function PhotoForm(
  { profile, error }: { profile: TeacherProfile; error: string | null },
) {
  return (
    <div class="space-y-4">
      {profile.photo_large
        ? (
          <img
            src={photoUrl(profile.photo_large)}
            alt="Your current photo"
            width={160}
            height={160}
            class="h-40 w-40 rounded-full object-cover"
          />
        )
        : <p class="text-small text-muted">No photo yet.</p>}
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
          New photo
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
              JPEG, PNG or WebP, at most 2 MB; shown as a square
            </p>
          )}
        <SubmitButton>Upload photo</SubmitButton>
      </form>
      {profile.photo_large && (
        <form method="post" action="/account/profile">
          <input type="hidden" name="action" value="remove_photo" />
          <SubmitButton variant="secondary">Remove photo</SubmitButton>
        </form>
      )}
    </div>
  );
}
