// Browser bundles: esbuild builds the runtime's client entries, one entry per
// island file and plugin entrypoints, with code splitting and content-hashed
// file names. The result lives in memory (built at start) or in `_fresh/`
// (built ahead of time by `deno task build`).
import { dirname, fromFileUrl, join, relative, toFileUrl } from "./_path.ts";
import { BUILD_ID_PLACEHOLDER, contentBuildId, fillBuildId } from "./digest.ts";
import {
  compressBytes,
  encodedName,
  isCompressible,
  MIN_COMPRESS_BYTES,
} from "./compress.ts";
import { contentType } from "./static.ts";

/** Built browser assets, served under `/_frsh/js/<buildId>/`. */
export interface Bundle {
  buildId: string;
  /** Public URL of an entry's output file, e.g. `url("main")`. */
  url(entry: string): string;
  /** URLs of the given entries' files and every chunk they import statically. */
  preloads(entries: string[]): string[];
  /** Contents of an output file by name, or null. */
  file(name: string): Uint8Array | null;
  /** Project source files that make up an island file's bundle. */
  islandSources(name: string): string[];
}

/** What the bundler needs to know about the app. */
export interface BundleOptions {
  root: string;
  /** Digest of the static files, part of the build id. */
  staticDigest: string;
  dev: boolean;
  target: string | string[];
  /** island entry name (e.g. `counter`) → module file URL */
  islands: Record<string, string>;
  /** entry name → specifier (file URL or data: URL) */
  pluginEntrypoints: Record<string, string>;
  basePath: string;
}

/** The serializable form of a build, stored as `_fresh/snapshot.json`. */
export interface Snapshot {
  build_id: string;
  entries: Record<string, string>;
  deps: Record<string, string[]>;
  island_sources: Record<string, string[]>;
}

const RUNTIME_DIR = new URL("../runtime/", import.meta.url);

/** Builds the browser bundle with esbuild; returns the snapshot and the files. */
export async function buildBundle(
  opts: BundleOptions,
): Promise<{ snapshot: Snapshot; files: Map<string, Uint8Array> }> {
  const esbuild = await import("esbuild");
  const entryPoints: Record<string, string> = {
    main: fromFileUrl(new URL("client/main.ts", RUNTIME_DIR)),
    deserializer: fromFileUrl(new URL("deserializer.ts", RUNTIME_DIR)),
    signals: fromFileUrl(new URL("client/signals.ts", RUNTIME_DIR)),
  };
  if (opts.dev) {
    entryPoints.fresh_dev_client = fromFileUrl(
      new URL("client/dev_client.ts", RUNTIME_DIR),
    );
  }
  for (const [name, url] of Object.entries(opts.islands)) {
    entryPoints[`island-${name}`] = fromFileUrl(url);
  }
  for (const [name, spec] of Object.entries(opts.pluginEntrypoints)) {
    entryPoints[name] = spec.startsWith("file:") ? fromFileUrl(spec) : spec;
  }
  const importMap = await readImportMap(opts.root);
  const result = await esbuild.build({
    entryPoints,
    platform: "browser",
    format: "esm",
    bundle: true,
    splitting: true,
    treeShaking: true,
    target: opts.target,
    jsx: "automatic",
    jsxImportSource: "preact",
    write: false,
    outdir: "out",
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    metafile: true,
    minify: !opts.dev,
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: opts.dev ? "linked" : false,
    absWorkingDir: opts.root,
    logLevel: "silent",
    plugins: [
      buildIdPlugin(BUILD_ID_PLACEHOLDER),
      importMapPlugin(importMap),
    ],
  });
  await esbuild.stop();

  const files = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) {
    files.set(relative(join(opts.root, "out"), file.path), file.contents);
  }
  // The id is a hash of the files as esbuild wrote them (their names are
  // content hashes too), so the same code always gets the same id.
  const buildId = await contentBuildId(files, opts.staticDigest);
  for (const contents of files.values()) fillBuildId(contents, buildId);
  const entries: Record<string, string> = {};
  const deps: Record<string, string[]> = {};
  const inputsOf: Record<string, string[]> = {};
  // Chunks loaded by import(): not preloaded, but their sources are the
  // island's too (a plugin such as twind styles the classes they use).
  const lazyDeps: Record<string, string[]> = {};
  for (const [outPath, out] of Object.entries(result.metafile!.outputs)) {
    const name = outPath.replace(/^out\//, "");
    if (name.endsWith(".map")) continue;
    deps[name] = out.imports
      .filter((i) => i.kind === "import-statement" && !i.external)
      .map((i) => i.path.replace(/^out\//, ""));
    lazyDeps[name] = out.imports
      .filter((i) => i.kind === "dynamic-import" && !i.external)
      .map((i) => i.path.replace(/^out\//, ""));
    inputsOf[name] = Object.keys(out.inputs)
      .filter((i) => !i.includes("node_modules") && !i.includes(":"));
    if (out.entryPoint) {
      const entry = Object.entries(entryPoints).find(([, p]) =>
        samePath(opts.root, p, out.entryPoint!)
      );
      if (entry) entries[entry[0]] = name;
    }
  }
  const island_sources: Record<string, string[]> = {};
  for (const name of Object.keys(opts.islands)) {
    const file = entries[`island-${name}`];
    const seen = new Set<string>();
    const walk = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      deps[f]?.forEach(walk);
      lazyDeps[f]?.forEach(walk);
    };
    if (file) walk(file);
    island_sources[name] = [
      ...new Set([...seen].flatMap((f) => inputsOf[f] ?? [])),
    ].filter((p) => !isRuntimeSource(opts.root, p));
  }
  return {
    snapshot: { build_id: buildId, entries, deps, island_sources },
    files,
  };
}

// The runtime's own files are not the app's island sources (except for an
// app that lives inside the runtime's folder: its test fixture).
const PACKAGE_DIR = fromFileUrl(new URL("../../", import.meta.url));

function isRuntimeSource(root: string, path: string): boolean {
  const abs = join(root, path);
  const inApp = abs.startsWith(join(root, "/"));
  return abs.startsWith(PACKAGE_DIR) &&
    !(root.startsWith(PACKAGE_DIR) && inApp);
}

function samePath(root: string, a: string, b: string): boolean {
  const abs = (p: string) => (p.startsWith("/") ? p : join(root, p));
  return abs(a) === abs(b);
}

/** Serves a build from memory or from disk. */
export function bundleFromSnapshot(
  root: string,
  snapshot: Snapshot,
  files: Map<string, Uint8Array> | ((name: string) => Uint8Array | null),
  basePath: string,
): Bundle {
  const prefix = `${basePath}/_frsh/js/${snapshot.build_id}/`;
  const get = typeof files === "function"
    ? files
    : (n: string) => files.get(n) ?? null;
  return {
    buildId: snapshot.build_id,
    url(entry) {
      const file = snapshot.entries[entry];
      if (!file) throw new Error(`Unknown bundle entry: ${entry}`);
      return prefix + file;
    },
    preloads(entryNames) {
      const seen = new Set<string>();
      const walk = (f: string) => {
        if (seen.has(f)) return;
        seen.add(f);
        snapshot.deps[f]?.forEach(walk);
      };
      for (const e of entryNames) {
        const f = snapshot.entries[e];
        if (f) walk(f);
      }
      return [...seen].map((f) => prefix + f);
    },
    file: get,
    islandSources(name) {
      return (snapshot.island_sources[name] ?? []).map((p) => join(root, p));
    },
  };
}

/** Writes a build to `outDir` (emptied first) for `start()` to serve. */
export async function writeBuild(
  outDir: string,
  snapshot: Snapshot,
  files: Map<string, Uint8Array>,
): Promise<void> {
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(join(outDir, "js"), { recursive: true });
  for (const [name, contents] of files) {
    await Deno.writeFile(join(outDir, "js", name), contents);
    // Compressed copies, so start() serves them without compressing.
    if (
      isCompressible(contentType(name)) &&
      contents.byteLength >= MIN_COMPRESS_BYTES
    ) {
      for (const encoding of ["br", "gzip"] as const) {
        await Deno.writeFile(
          join(outDir, "js", encodedName(name, encoding)),
          await compressBytes(contents, encoding, true),
        );
      }
    }
  }
  await Deno.writeTextFile(
    join(outDir, "snapshot.json"),
    JSON.stringify(snapshot, null, 2),
  );
}

/** Loads a build written by writeBuild(), or null when there is none. */
export async function loadBuild(
  outDir: string,
): Promise<
  { snapshot: Snapshot; read: (name: string) => Uint8Array | null } | null
> {
  let text: string;
  try {
    text = await Deno.readTextFile(join(outDir, "snapshot.json"));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
  const snapshot = JSON.parse(text) as Snapshot;
  const cache = new Map<string, Uint8Array>();
  for (
    const name of Object.values(snapshot.entries).concat(
      Object.keys(snapshot.deps),
    )
  ) {
    if (cache.has(name)) continue;
    cache.set(name, await Deno.readFile(join(outDir, "js", name)));
    for (const encoding of ["br", "gzip"] as const) {
      const copy = encodedName(name, encoding);
      try {
        cache.set(copy, await Deno.readFile(join(outDir, "js", copy)));
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      }
    }
  }
  return { snapshot, read: (name) => cache.get(name) ?? null };
}

type EsbuildPlugin = import("esbuild").Plugin;

function buildIdPlugin(buildId: string): EsbuildPlugin {
  return {
    name: "fresh-build-id",
    setup(build) {
      build.onLoad({ filter: /[\\/]runtime[\\/]build_id\.ts$/ }, () => ({
        contents: `export function getBuildId(){return ${
          JSON.stringify(buildId)
        }}export function setBuildId(){}`,
        loader: "js",
      }));
    },
  };
}

/** Finds deno.json(c) from `root` upwards; returns its folder and imports. */
async function readImportMap(
  root: string,
): Promise<{ dir: string; imports: Record<string, string> }> {
  for (let dir = root;; dir = dirname(dir)) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      try {
        const text = await Deno.readTextFile(join(dir, name));
        const json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, ""));
        return { dir, imports: json.imports ?? {} };
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      }
    }
    if (dirname(dir) === dir) {
      throw new Error(`No deno.json found in ${root} or any parent folder`);
    }
  }
}

// Resolves specifiers the way Deno does for this project: through the
// import map, with npm: packages taken from node_modules/.
function importMapPlugin(
  { dir: root, imports }: { dir: string; imports: Record<string, string> },
): EsbuildPlugin {
  const keys = Object.keys(imports).sort((a, b) => b.length - a.length);
  const mapSpecifier = (spec: string): string | null => {
    for (const key of keys) {
      if (spec === key || (key.endsWith("/") && spec.startsWith(key))) {
        return imports[key] + spec.slice(key.length);
      }
    }
    return null;
  };
  const npmToBare = (spec: string) =>
    spec.replace(/^npm:\/?/, "").replace(/^((?:@[^/]+\/)?[^@/]+)@[^/]*/, "$1");
  return {
    name: "fresh-import-map",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === "fresh-import-map") return undefined;
        let spec = mapSpecifier(args.path) ?? args.path;
        if (
          spec === args.path && !spec.startsWith("npm:") &&
          !spec.startsWith("file:")
        ) {
          return undefined;
        }
        if (spec.startsWith("file:")) return { path: fromFileUrl(spec) };
        if (spec.startsWith("./") || spec.startsWith("../")) {
          return { path: fromFileUrl(new URL(spec, toFileUrl(root + "/"))) };
        }
        if (spec.startsWith("npm:")) spec = npmToBare(spec);
        const res = await build.resolve(spec, {
          kind: args.kind,
          resolveDir: root,
          pluginData: "fresh-import-map",
        });
        return res.errors.length ? { errors: res.errors } : { path: res.path };
      });
    },
  };
}
