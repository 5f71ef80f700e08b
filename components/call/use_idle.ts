import { type Signal, useSignal } from "@preact/signals";
import type { RefObject } from "preact";
import { useEffect } from "preact/hooks";

/** Milliseconds without a pointer or key before the floating controls fade. */
export const IDLE_MS = 3_000;

/**
 * True once `watching` has held for IDLE_MS without a pointer move, a tap or
 * a key inside `root`; any of them resets it.
 */
export function useIdle(
  root: RefObject<HTMLElement>,
  watching: boolean,
): Signal<boolean> {
  const idle = useSignal(false);
  useEffect(() => {
    idle.value = false;
    if (!watching) return;
    const element = root.current;
    let timer = setTimeout(() => (idle.value = true), IDLE_MS);
    const wake = () => {
      idle.value = false;
      clearTimeout(timer);
      timer = setTimeout(() => (idle.value = true), IDLE_MS);
    };
    const events = ["pointermove", "pointerdown", "keydown"];
    events.forEach((e) => element?.addEventListener(e, wake));
    return () => {
      clearTimeout(timer);
      events.forEach((e) => element?.removeEventListener(e, wake));
    };
  }, [watching]);
  return idle;
}
