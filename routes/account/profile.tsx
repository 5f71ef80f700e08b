import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import { Section } from "@/components/account/AccountForms.tsx";
import {
  ProfileForm,
  type ProfileFormState,
} from "@/components/account/ProfileForm.tsx";
import { assertRole, assertSignedIn } from "@/lib/auth/state.ts";
import type { State } from "@/lib/http/api.ts";
import { formProblem, redirect } from "@/lib/http/pages.ts";
import { parseForm } from "@/lib/http/validate.ts";
import { profileFormSchema } from "@/lib/profiles/schema.ts";
import {
  getProfile,
  saveProfile,
  type TeacherProfile,
} from "@/lib/profiles/store.ts";

interface Data {
  profile: TeacherProfile;
  form: ProfileFormState;
  saved: boolean;
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
      saved: ctx.url.searchParams.get("saved") === "1",
    });
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    assertRole(user, "teacher");
    const form = await parseForm(req, profileFormSchema);
    if (!form.ok) {
      const problem = formProblem(form.error);
      return ctx.render({
        profile: await getProfile(ctx.state.db, user.id),
        form: {
          values: form.values,
          fields: problem.fields,
          error: "Your profile was not saved: check the form",
        },
        saved: false,
      }, { status: 400 });
    }
    await saveProfile(ctx.state.db, user.id, form.data);
    return redirect("/account/profile?saved=1");
  },
};

export default function ProfilePage(
  { data, state }: PageProps<Data, State>,
) {
  const user = state.user!;
  return (
    <PageShell title="Your teacher profile" user={user}>
      <div class="mx-auto max-w-xl space-y-6">
        <p class="text-sm">
          <a class="text-indigo-700 underline" href="/account">← Account</a>
        </p>
        <h1 class="text-2xl font-semibold tracking-tight">
          Your teacher profile
        </h1>
        {data.saved && (
          <p
            role="status"
            class="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm font-medium text-green-800"
          >
            Saved
          </p>
        )}
        <p>
          <a class="text-indigo-700 underline" href={`/teachers/${user.id}`}>
            See your page as students do
          </a>
        </p>
        <Section id="about" title="About you">
          <ProfileForm state={data.form} />
        </Section>
      </div>
    </PageShell>
  );
}
