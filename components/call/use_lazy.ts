import { useEffect, useState } from "preact/hooks";

/**
 * Loads a module the first time `wanted` is true (a dynamic import, so its
 * code stays out of the room's initial JavaScript) and returns what `pick`
 * takes from it; null until then.
 */
export function useLazy<M, T>(
  wanted: boolean,
  load: () => Promise<M>,
  pick: (module: M) => T,
): T | null {
  const [value, setValue] = useState<{ v: T } | null>(null);
  useEffect(() => {
    if (!wanted || value) return;
    let live = true;
    load().then(
      (m) => live && setValue({ v: pick(m) }),
      (err) => console.warn("Loading a part of the room failed", err),
    );
    return () => {
      live = false;
    };
  }, [wanted]);
  return value?.v ?? null;
}
