// Reads a V8 .cpuprofile (deno --cpu-prof) into self and total time by
// function and by the part of the code it belongs to.

/** The parts of a V8 CPU profile this reader uses. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Which part of the code a script URL belongs to. */
export function partOf(url: string, functionName = ""): string {
  if (!url) {
    if (functionName === "(garbage collector)") return "GC";
    if (functionName === "(idle)") return "idle";
    return functionName.startsWith("(") ? functionName : "V8 builtins";
  }
  if (/\/lib\/fresh\//.test(url)) return "runtime (lib/fresh)";
  for (const name of ["preact-render-to-string", "preact", "@twind", "twind"]) {
    if (url.includes(`/${name}/`) || url.includes(`/${name}@`)) return name;
  }
  if (/\/postgres[@/]/.test(url)) return "postgres.js";
  if (/\/jose[@/]/.test(url)) return "jose";
  if (/node_modules|\/npm\/|deno\/npm/.test(url)) return "other npm";
  if (url.startsWith("ext:") || url.startsWith("node:")) return "Deno (ext:)";
  const app = /\/(routes|components|islands|lib)\/(.*)$/.exec(url);
  if (app) return `app ${app[1]}/`;
  return "other";
}

interface Row {
  name: string;
  ms: number;
}

function table(title: string, rows: Row[], total: number, top: number): string {
  const lines = rows.sort((a, b) => b.ms - a.ms).slice(0, top).map((r) =>
    `${r.ms.toFixed(0).padStart(8)} ms ${
      (100 * r.ms / total).toFixed(1).padStart(5)
    } %  ${r.name}`
  );
  return `${title}\n${lines.join("\n")}`;
}

/** Self time by part and by function, and total time by app file. */
export function summariseProfile(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const part = partOf(url, functionName);
    const ms = us / 1000;
    parts.set(part, (parts.get(part) ?? 0) + ms);
    if (part === "idle" || part === "(program)") continue;
    busy += ms;
    const file = url.replace(/^.*\/(node_modules|work\/[^/]+)\//, "");
    const fn = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    // Total time of app files: each sample counted once per file on its stack.
    const seen = new Set<string>();
    for (
      let at: number | undefined = id;
      at !== undefined;
      at = parent.get(at)
    ) {
      const frameUrl = byId.get(at)!.callFrame.url;
      const m = /\/((routes|components|islands|lib)\/.*)$/.exec(frameUrl);
      if (m && !seen.has(m[1])) {
        seen.add(m[1]);
        files.set(m[1], (files.get(m[1]) ?? 0) + ms);
      }
    }
  }
  const rows = (m: Map<string, number>) =>
    [...m].map(([name, ms]) => ({ name, ms }));
  return [
    `busy ${busy.toFixed(0)} ms (idle and "(program)" left out)`,
    table(
      "self time by part:",
      rows(parts).filter((r) => r.name !== "idle" && r.name !== "(program)"),
      busy,
      20,
    ),
    table("self time by function:", rows(functions), busy, top),
    table("total time by app file (on the stack):", rows(files), busy, top),
  ].join("\n\n");
}
