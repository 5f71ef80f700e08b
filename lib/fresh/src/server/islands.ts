// Server-side island boundaries. Every island function is recognised by
// identity when a vnode is created, and swapped for a boundary component that
// decides at render time whether it is a top-level island (marked with HTML
// comments and its props recorded for hydration) or an ordinary component
// rendered inside another island.
import {
  type ComponentChildren,
  type ComponentType,
  Fragment,
  h,
  options,
  type VNode,
} from "preact";

/** One island: an exported function of a module in islands/. */
export interface Island {
  /** `<file name>_<export name>`, lowercased, e.g. `counter_default`. */
  id: string;
  /** Bundle entry name of the island file, e.g. `counter`. */
  name: string;
  exportName: string;
  // deno-lint-ignore no-explicit-any
  component: ComponentType<any>;
}

/** What one render collects about the islands on the page. */
export interface IslandRenderState {
  depth: number;
  props: unknown[];
  islands: Set<Island>;
}

const islandsByComponent = new Map<unknown, Island>();
let current: IslandRenderState | null = null;
let bypassHook = false;

// The island's own vnode, made without the hook turning it into a boundary.
function islandVNode(island: Island, props: Record<string, unknown>): VNode {
  bypassHook = true;
  try {
    return h(island.component, props);
  } finally {
    bypassHook = false;
  }
}

/** Derives an identifier-like lowercase name from an island file path. */
export function islandName(relPath: string): string {
  return relPath.replace(/\.[jt]sx?$/, "").replace(/[^A-Za-z0-9_$]/g, "_")
    .replace(/^(\d)/, "_$1").toLowerCase();
}

/**
 * Registers the island modules of an app. Each exported function becomes an
 * island; `relPath` is the path relative to the islands/ folder.
 */
export function registerIslandModule(
  relPath: string,
  mod: Record<string, unknown>,
): Island[] {
  const name = islandName(relPath);
  const out: Island[] = [];
  for (const [exportName, value] of Object.entries(mod)) {
    if (typeof value !== "function") continue;
    const existing = islandsByComponent.get(value);
    if (existing) {
      out.push(existing);
      continue;
    }
    const island: Island = {
      id: `${name}_${exportName.toLowerCase()}`,
      name,
      exportName,
      component: value as ComponentType,
    };
    islandsByComponent.set(value, island);
    out.push(island);
  }
  return out;
}

/**
 * Runs a synchronous render with island tracking and returns what it
 * collected. Renders are synchronous, so one module-level slot is enough.
 */
export function withIslandTracking<T>(
  fn: () => T,
): { result: T; state: IslandRenderState } {
  const state: IslandRenderState = { depth: 0, props: [], islands: new Set() };
  const previous = current;
  current = state;
  try {
    return { result: fn(), state };
  } finally {
    current = previous;
  }
}

function comment(text: string): VNode {
  // preact-render-to-string prints a Fragment with this prop as <!--text-->.
  // The key keeps the renderer from flattening it when a component returns it.
  return h(
    Fragment,
    { UNSTABLE_comment: text, key: text } as Record<string, unknown>,
  );
}

interface BoundaryProps {
  island: Island;
  props: Record<string, unknown>;
  islandKey: string;
}

function IslandBoundary({ island, props, islandKey }: BoundaryProps) {
  const state = current;
  if (!state || state.depth > 0) return islandVNode(island, props);
  const n = state.props.length;
  const { children, ...rest } = props as { children?: ComponentChildren };
  state.props.push(rest);
  state.islands.add(island);
  const marker = `frsh-${island.id}:${n}:${islandKey}`;
  const renderProps: Record<string, unknown> = { ...rest };
  if (children !== undefined) {
    assertJsxChildren(children);
    const slot = `frsh-slot-${island.id}:${n}:children`;
    renderProps.children = h(SlotBoundary, { marker: slot }, children);
  }
  state.depth++;
  return h(
    Fragment,
    null,
    comment(marker),
    islandVNode(island, renderProps),
    h(IslandEnd, { marker }),
  );
}

function IslandEnd({ marker }: { marker: string }) {
  if (current) current.depth--;
  return comment(`/${marker}`);
}

// Server JSX passed as children keeps its own islands: inside a slot the
// depth goes back to zero and is restored after it.
function SlotBoundary(
  { marker, children }: { marker: string; children?: ComponentChildren },
) {
  const saved = current?.depth ?? 0;
  if (current) current.depth = 0;
  return h(
    Fragment,
    null,
    comment(marker),
    children,
    h(SlotEnd, { marker, saved }),
  );
}

function SlotEnd({ marker, saved }: { marker: string; saved: number }) {
  if (current) current.depth = saved;
  return comment(`/${marker}`);
}

function assertJsxChildren(children: ComponentChildren): void {
  const check = (c: unknown): void => {
    if (Array.isArray(c)) return c.forEach(check);
    if (
      c === null || c === undefined || typeof c === "boolean" ||
      typeof c === "string" || typeof c === "number"
    ) return;
    if (typeof c === "object" && (c as VNode).constructor === undefined) {
      return;
    }
    throw new Error("Invalid JSX child passed to island");
  };
  check(children);
}

const previousVnodeHook = options.vnode;
options.vnode = (vnode) => {
  const island = !bypassHook && typeof vnode.type === "function"
    ? islandsByComponent.get(vnode.type)
    : undefined;
  if (island) {
    const v = vnode as unknown as VNode<BoundaryProps>;
    v.props = {
      island,
      props: vnode.props as Record<string, unknown>,
      islandKey: vnode.key == null ? "" : encodeURIComponent(String(vnode.key)),
    } as BoundaryProps & { children: ComponentChildren };
    v.type = IslandBoundary;
  }
  previousVnodeHook?.(vnode);
};
