// The few jimp types photos use. jimp's own declarations pull in Node's
// global types (NodeJS.Timeout for setTimeout), which would change the
// whole app's type check; these stand in for them.

/** An image being edited. */
export interface JimpImage {
  clone(): JimpImage;
  cover(options: { w: number; h: number }): JimpImage;
  composite(src: JimpImage, x: number, y: number): JimpImage;
  getBuffer(
    mime: string,
    options?: Record<string, unknown>,
  ): Promise<Uint8Array>;
}

/** A jimp class built with a set of formats and plugins. */
export interface JimpClass {
  new (options: { width: number; height: number; color: number }): JimpImage;
  fromBuffer(buffer: ArrayBuffer): Promise<JimpImage>;
}

/** An image format or plugin (opaque here). */
export type JimpPart = unknown;

export declare function createJimp(
  options: { formats: JimpPart[]; plugins: JimpPart[] },
): JimpClass;
export declare const methods: JimpPart;
/** A codec package's default export. */
declare const format: JimpPart;
export default format;
