// The build id used by asset() for cache busting. The server sets it at start;
// in browser bundles the bundler replaces this module with a constant.
let buildId = "";

/** The current build id ("" before the server has set it). */
export function getBuildId(): string {
  return buildId;
}

/** Sets the build id; called once by the server when an app is created. */
export function setBuildId(id: string): void {
  buildId = id;
}
