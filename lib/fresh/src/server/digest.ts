// Content digests: the ETags of static files and the build id, which is a
// hash of everything the build serves, so that two instances of the same
// code agree on asset URLs without sharing anything.

/** The hex SHA-256 of some bytes or text. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string"
    ? new TextEncoder().encode(data)
    : data;
  const digest = await crypto.subtle.digest(
    "SHA-256",
    bytes as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(digest).toHex();
}

/**
 * Stands for the build id inside bundle files until the id is known (it is
 * a hash of those files). As long as an id, so source maps stay right.
 */
export const BUILD_ID_PLACEHOLDER = "__FRSH_BUILD_ID_";

/**
 * The build id of a set of output files (with the placeholder still in
 * them) and of the static files' digests: 16 hex characters.
 */
export async function contentBuildId(
  files: Map<string, Uint8Array>,
  staticDigest: string,
): Promise<string> {
  const parts: string[] = [staticDigest];
  for (const name of [...files.keys()].sort()) {
    parts.push(name, await sha256Hex(files.get(name)!));
  }
  return (await sha256Hex(parts.join("\n"))).slice(
    0,
    BUILD_ID_PLACEHOLDER.length,
  );
}

/** Writes `id` over every occurrence of the placeholder, in place. */
export function fillBuildId(contents: Uint8Array, id: string): void {
  const from = new TextEncoder().encode(BUILD_ID_PLACEHOLDER);
  const to = new TextEncoder().encode(id);
  for (
    let i = contents.indexOf(from[0]);
    i >= 0;
    i = contents.indexOf(from[0], i + 1)
  ) {
    if (from.every((b, j) => contents[i + j] === b)) contents.set(to, i);
  }
}
