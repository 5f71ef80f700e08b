import { PageShell } from "@/components/PageShell.tsx";
import LocalTime from "@/islands/LocalTime.tsx";

export default function Home() {
  return (
    <PageShell title="Talkroom">
      <section class="space-y-4 py-8">
        <h1 class="text-3xl font-bold tracking-tight sm:text-4xl">
          Lessons face to face, right from the booking
        </h1>
        <p class="max-w-2xl text-lg text-slate-600">
          Teachers publish lesson slots, students book them, and at lesson time
          both open the booking and talk in a direct video call. No installs, no
          links to send around.
        </p>
        <LocalTime />
      </section>
    </PageShell>
  );
}
