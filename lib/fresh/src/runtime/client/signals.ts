// Entry that gives the boot script the same signal() the islands use.
export { signal } from "@preact/signals";
