import type { Handlers, PageProps } from "$fresh/server.ts";
import { Notice } from "@/components/ui/Notice.tsx";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import { Section } from "@/components/account/AccountForms.tsx";
import {
  ProfileForm,
  type ProfileFormState,
} from "@/components/account/ProfileForm.tsx";
import { assertRole, assertSignedIn } from "@/lib/auth/state.ts";
import type { State } from "@/lib/http/api.ts";
import { formProblem, redirect } from "@/lib/http/pages.ts";
import { validate } from "@/lib/http/validate.ts";
import { readBodyBytes, readBodyText } from "@/lib/http/body.ts";
import { BadRequestError, PayloadTooLargeError } from "@/lib/errors.ts";
import { PHOTO_MAX_BYTES, processPhoto } from "@/lib/profiles/image.ts";
import { removePhoto, setPhoto } from "@/lib/profiles/photos.ts";
import { PhotoForm, photoMaxSize } from "@/components/account/PhotoForm.tsx";
import { profileFormSchema } from "@/lib/profiles/schema.ts";
import {
  getProfile,
  saveProfile,
  type TeacherProfile,
} from "@/lib/profiles/store.ts";
import { type I18n, i18nFor, useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

interface Data {
  profile: TeacherProfile;
  form: ProfileFormState;
  /** What is wrong with the photo just sent. */
  photoError: string | null;
  saved: string | null;
}

// What `?saved=` says was just done.
const SAVED: Record<string, MessageKey> = {
  "1": "account.saved",
  photo: "account.profile.photoSaved",
  removed: "account.profile.photoRemoved",
};

// A multipart upload: the photo plus the form's overhead.
const UPLOAD_MAX_BYTES = PHOTO_MAX_BYTES + 64 * 1024;

/** The uploaded file's bytes; the size limit holds while reading. */
async function uploadedPhoto(
  req: Request,
  { t, locale }: I18n,
): Promise<Uint8Array> {
  const type = req.headers.get("content-type") ?? "";
  let body: Uint8Array;
  try {
    body = await readBodyBytes(req, UPLOAD_MAX_BYTES);
  } catch (err) {
    if (!(err instanceof PayloadTooLargeError)) throw err;
    throw new BadRequestError("Invalid photo: too large", {
      photo: t("account.profile.photoTooLarge", {
        size: photoMaxSize(locale),
      }),
    });
  }
  let file: FormDataEntryValue | null;
  try {
    const form = await new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": type },
    }).formData();
    file = form.get("photo");
  } catch {
    throw new BadRequestError("Invalid photo: not a form upload", {
      photo: t("account.profile.photoMissing"),
    });
  }
  if (!(file instanceof File) || file.size === 0) {
    throw new BadRequestError("Invalid photo: no file", {
      photo: t("account.profile.photoMissing"),
    });
  }
  return new Uint8Array(await file.arrayBuffer());
}

function valuesOf(p: TeacherProfile): Record<string, string> {
  return {
    headline: p.headline,
    bio: p.bio,
    subjects: p.subjects.join(", "),
    languages: p.languages.join(", "),
  };
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    assertRole(user, "teacher");
    const profile = await getProfile(ctx.state.db, user.id);
    return ctx.render({
      profile,
      form: { values: valuesOf(profile), fields: {}, error: null },
      photoError: null,
      saved: ctx.url.searchParams.get("saved"),
    });
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    assertRole(user, "teacher");
    const { db } = ctx.state;
    const type = req.headers.get("content-type") ?? "";
    if (/^multipart\/form-data/i.test(type)) {
      try {
        await setPhoto(
          db,
          user.id,
          await processPhoto(
            await uploadedPhoto(req, i18nFor(ctx.state.locale)),
          ),
        );
      } catch (err) {
        if (!(err instanceof BadRequestError)) throw err;
        const profile = await getProfile(db, user.id);
        return ctx.render({
          profile,
          form: { values: valuesOf(profile), fields: {}, error: null },
          photoError: err.fieldsIn(ctx.state.locale).photo ??
            err.messageIn(ctx.state.locale),
          saved: null,
        }, { status: 400 });
      }
      return redirect("/account/profile?saved=photo");
    }
    const values: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(await readBodyText(req))) {
      values[k] = v;
    }
    if (values.action === "remove_photo") {
      await removePhoto(db, user.id);
      return redirect("/account/profile?saved=removed");
    }
    let input;
    try {
      input = validate(profileFormSchema, values, "form");
    } catch (err) {
      if (!(err instanceof BadRequestError)) throw err;
      return ctx.render({
        profile: await getProfile(db, user.id),
        form: {
          values,
          fields: formProblem(err, ctx.state.locale).fields,
          error: i18nFor(ctx.state.locale).t("account.profile.notSaved"),
        },
        photoError: null,
        saved: null,
      }, { status: 400 });
    }
    await saveProfile(db, user.id, input);
    return redirect("/account/profile?saved=1");
  },
};

export default function ProfilePage(
  { data, state }: PageProps<Data, State>,
) {
  const user = state.user!;
  const { t } = useI18n();
  const saved = data.saved ? SAVED[data.saved] : undefined;
  return (
    <PageShell title={t("account.profile.title")} user={user}>
      <div class="mx-auto max-w-xl space-y-6">
        <PageHeader
          back={{ href: "/account", label: t("account.profile.back") }}
          title={t("account.profile.title")}
        />
        {saved && (
          <Notice tone="success" role="status">
            {t(saved)}
          </Notice>
        )}
        <p>
          <a class="text-brand-700 underline" href={`/teachers/${user.id}`}>
            {t("account.profile.preview")}
          </a>
        </p>
        <Section id="photo" title={t("account.profile.photoSection")}>
          <PhotoForm profile={data.profile} error={data.photoError} />
        </Section>
        <Section id="about" title={t("account.profile.aboutSection")}>
          <ProfileForm state={data.form} />
        </Section>
      </div>
    </PageShell>
  );
}
