// The embedded database's folder: private to the user who runs the app, and
// used by one process at a time (PGlite is single-process: a second one on
// the same files silently loses writes).
import { basename, dirname, join, resolve } from "node:path";
import type { NodeFS } from "@electric-sql/pglite/nodefs";

/** Mode of the data folders: owner only. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of the files in them: owner read and write. */
export const PRIVATE_FILE_MODE = 0o600;

const hasModes = Deno.build.os !== "windows";

/** Another process holds the embedded database. */
export class DataDirInUseError extends Error {
  constructor(readonly dir: string, readonly pid: number | null) {
    super(
      `The embedded database in ${dir} is in use by ${
        pid ? `process ${pid}` : "another process"
      }: stop it first or set DATABASE_URL`,
    );
    this.name = "DataDirInUseError";
  }
}

/**
 * Creates `dir` (parents too) owner-only and makes an existing one owner-only
 * (0700). With `contents`, everything in it too: folders 0700, files 0600;
 * only for folders the app owns whole (PGlite's), never a DATA_DIR the
 * operator may have pointed elsewhere. Symbolic links are left alone.
 */
export async function makePrivate(
  dir: string,
  options: { contents?: boolean } = {},
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!hasModes) return;
  await tighten(dir, PRIVATE_DIR_MODE, options.contents ?? false);
}

async function tighten(
  path: string,
  mode: number,
  contents: boolean,
): Promise<void> {
  const info = await Deno.lstat(path);
  if (info.mode !== null && (info.mode & 0o777 & ~mode) !== 0) {
    await Deno.chmod(path, (info.mode & 0o777) & mode);
  }
  if (!info.isDirectory || !contents) return;
  for await (const entry of Deno.readDir(path)) {
    if (entry.isSymlink) continue;
    await tighten(
      join(path, entry.name),
      entry.isDirectory ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE,
      true,
    );
  }
}

/**
 * PGlite's file system for `dir` whose files and folders are owner-only.
 * PGlite's Emscripten layer creates files with mode 0666 and then chmods them
 * to it through node:fs, which under Deno skips the umask, so the modes are
 * masked where that layer sets them (its mknod and setattr).
 */
export async function privateNodeFs(dir: string): Promise<NodeFS> {
  const { NodeFS } = await import("@electric-sql/pglite/nodefs");
  class PrivateNodeFS extends NodeFS {
    override async init(
      pg: Parameters<NodeFS["init"]>[0],
      options: Parameters<NodeFS["init"]>[1],
    ) {
      const result = await super.init(pg, options);
      const preRun = result.emscriptenOpts.preRun ?? [];
      result.emscriptenOpts.preRun = [maskModes, ...preRun];
      return result;
    }
  }
  return new PrivateNodeFS(dir);
}

/** The parts of Emscripten's NODEFS that set modes on the real files. */
interface NodeOps {
  mknod(parent: unknown, name: string, mode: number, dev: unknown): unknown;
  setattr(node: unknown, attr: { mode?: number }): unknown;
  [MASKED]?: true;
}

const MASKED = Symbol("talkroom.masked");
const GROUP_AND_OTHERS = 0o077;

function maskModes(module: { NODEFS: { node_ops: NodeOps } }): void {
  const ops = module.NODEFS.node_ops;
  if (ops[MASKED]) return;
  ops[MASKED] = true;
  const { mknod, setattr } = ops;
  ops.mknod = (parent, name, mode, dev) =>
    mknod(parent, name, mode & ~GROUP_AND_OTHERS, dev);
  ops.setattr = (node, attr) =>
    setattr(
      node,
      attr.mode === undefined
        ? attr
        : { ...attr, mode: attr.mode & ~GROUP_AND_OTHERS },
    );
}

/** An exclusive hold on a data folder. */
export interface DataDirLock {
  /** The lock file, beside the folder: `<dir>.lock`. */
  readonly path: string;
  /** Gives the folder up (the operating system also does when the process ends). */
  release(): void;
}

/**
 * Takes an exclusive lock (flock) on `<dir>.lock` and writes this process's
 * id into it. The lock lasts until release() or the end of the process, even
 * a killed one, so a stale lock file never blocks a start.
 * @throws {DataDirInUseError} when another process (or another handle in
 *   this one) holds it
 */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const full = resolve(dir);
  const path = join(dirname(full), `${basename(full)}.lock`);
  const file = await Deno.open(path, {
    read: true,
    write: true,
    create: true,
    mode: PRIVATE_FILE_MODE,
  });
  try {
    if (!await file.tryLock(true)) {
      throw new DataDirInUseError(dir, await lockHolder(path));
    }
    await file.truncate(0);
    await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
  } catch (err) {
    file.close();
    throw err;
  }
  let held = true;
  return {
    path,
    release() {
      if (!held) return;
      held = false;
      // Closing the file drops the lock.
      file.close();
    },
  };
}

async function lockHolder(path: string): Promise<number | null> {
  try {
    const pid = Number((await Deno.readTextFile(path)).trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
