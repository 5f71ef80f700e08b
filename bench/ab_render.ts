// Interleaved A/B of the server CPU per page between two checkouts, in
// process (no network, no load generator): each round runs
// bench/ab_render_child.ts once in each checkout (A B, then B A), a fresh
// process each time, and the medians are printed. CPU time of the process,
// not wall time, so a busy machine disturbs it less than req/s.
//   deno run -A bench/ab_render.ts <dir A> <dir B> [rounds]
// (AB_REQUESTS sets the requests per page and run; default 400.)
import { median } from "./_stats.ts";

const [dirA, dirB, roundsArg] = Deno.args;
if (!dirA || !dirB) {
  console.error("Usage: bench/ab_render.ts <dir A> <dir B> [rounds]");
  Deno.exit(2);
}
const rounds = Number(roundsArg ?? 5);
const child = new URL("./ab_render_child.ts", import.meta.url).pathname;

async function run(dir: string): Promise<Record<string, number>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", `${dir}/deno.dev.json`, child],
    cwd: dir,
    env: { TALKROOM_LOG: "off" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1);
  if (!out.success || !text) {
    throw new Error(new TextDecoder().decode(out.stderr));
  }
  return JSON.parse(text);
}

const results: Record<string, Record<string, number[]>> = { A: {}, B: {} };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ["A", "B"] : ["B", "A"];
  for (const side of order) {
    const got = await run(side === "A" ? dirA : dirB);
    for (const [page, ms] of Object.entries(got)) {
      (results[side][page] ??= []).push(ms);
    }
    console.error(`round ${round + 1} ${side}: ${JSON.stringify(got)}`);
  }
}
console.log(`| page | A CPU ms/req | B CPU ms/req | B/A |`);
console.log("|---|---:|---:|---:|");
for (const page of Object.keys(results.A)) {
  const a = median(results.A[page]);
  const b = median(results.B[page]);
  console.log(
    `| ${page} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(b / a).toFixed(2)} |`,
  );
}
