// Panels only a joined call opens (the chat, the connection details) arrive
// with one dynamic import, started once the call is on screen, so the room's
// initial JavaScript stays within its budget.
import { signal } from "@preact/signals";

type Panels = typeof import("@/components/call/panels.ts");

/** The panels' components, once loaded. */
export const panels = signal<Panels | null>(null);

let loading: Promise<void> | null = null;

/** Starts loading the panels (once); a failure allows another try. */
export function loadPanels(): void {
  loading ??= import("@/components/call/panels.ts").then(
    (m) => void (panels.value = m),
    () => void (loading = null),
  );
}

type Board = typeof import("@/components/call/whiteboard/Whiteboard.tsx");

/** The whiteboard while it is open; its code loads when first opened. */
export const board = signal<Board["default"] | null>(null);

/** Opens the whiteboard (it covers the controls; it closes itself). */
export function openBoard(): void {
  import("@/components/call/whiteboard/Whiteboard.tsx").then(
    (m) => void (board.value = m.default),
    () => {},
  );
}
