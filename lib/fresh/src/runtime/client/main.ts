// Browser entry: finds the island markers the server rendered and brings each
// island to life with Preact, adopting the server's DOM in place.
import {
  type ComponentChildren,
  type ComponentType,
  h,
  render,
  type VNode,
} from "preact";

type Islands = Record<string, ComponentType<Record<string, unknown>>>;

const ISLAND_START = /^frsh-(?!slot-)([^:]+):(\d+):(.*)$/;
const BOOLEAN_ATTRS = new Set([
  "checked",
  "disabled",
  "hidden",
  "multiple",
  "readonly",
  "required",
  "selected",
  "autofocus",
  "open",
]);

/** Hydrates every top-level island on the page with its serialized props. */
export function revive(islands: Islands, props: unknown[]): void {
  walk(document.body);

  function walk(parent: Node): void {
    let node = parent.firstChild;
    while (node) {
      const match = node.nodeType === Node.COMMENT_NODE &&
        ISLAND_START.exec((node as Comment).data);
      const end = match
        ? findSibling(node, `/${(node as Comment).data}`)
        : null;
      if (match && end) {
        const next = end.nextSibling;
        mount(parent, node, end, match);
        node = next;
        continue;
      }
      if (node.nodeType === Node.ELEMENT_NODE) walk(node);
      node = node.nextSibling;
    }
  }

  function islandVNode(
    start: Node,
    end: Node,
    [, id, n, key]: RegExpExecArray,
  ): VNode | null {
    const component = islands[id];
    if (!component) return null;
    const p = { ...(props[Number(n)] as Record<string, unknown>) };
    const slot = findSlot(start, end, `frsh-slot-${id}:${n}:children`);
    if (slot) p.children = toVNodes(between(slot[0], slot[1]));
    if (key) p.key = decodeURIComponent(key);
    return h(component, p);
  }

  function mount(
    parent: Node,
    start: Node,
    end: Node,
    match: RegExpExecArray,
  ): void {
    const vnode = islandVNode(start, end, match);
    if (!vnode) return;
    // Inner markers (slots, nested islands) are in the vnodes now; left in
    // the DOM they would make Preact move the real elements around them.
    for (const node of between(start, end)) removeMarkers(node);
    // deno-lint-ignore no-explicit-any
    render(vnode, rootBetween(parent, start, end) as any);
  }

  // Server-rendered JSX passed to an island as children, rebuilt as vnodes;
  // islands inside it become part of the outer island's tree.
  function toVNodes(nodes: Node[]): ComponentChildren[] {
    const out: ComponentChildren[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node.nodeType === Node.TEXT_NODE) {
        out.push((node as Text).data);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const el = node as Element;
        const attrs: Record<string, unknown> = {};
        for (const a of el.attributes) {
          attrs[a.name] = a.value === "" && BOOLEAN_ATTRS.has(a.name)
            ? true
            : a.value;
        }
        out.push(h(el.localName, attrs, ...toVNodes([...el.childNodes])));
      } else if (node.nodeType === Node.COMMENT_NODE) {
        const match = ISLAND_START.exec((node as Comment).data);
        const endIndex = match
          ? nodes.indexOf(findSibling(node, `/${(node as Comment).data}`)!, i)
          : -1;
        if (match && endIndex > i) {
          out.push(islandVNode(node, nodes[endIndex], match));
          i = endIndex;
        }
      }
    }
    return out;
  }
}

function removeMarkers(root: Node): void {
  if (root.nodeType === Node.COMMENT_NODE) {
    if (/^\/?frsh-/.test((root as Comment).data)) (root as Comment).remove();
    return;
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const found: Comment[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (/^\/?frsh-/.test((n as Comment).data)) found.push(n as Comment);
  }
  found.forEach((c) => c.remove());
}

function findSibling(start: Node, data: string): Node | null {
  for (let n = start.nextSibling; n; n = n.nextSibling) {
    if (n.nodeType === Node.COMMENT_NODE && (n as Comment).data === data) {
      return n;
    }
  }
  return null;
}

function between(start: Node, end: Node): Node[] {
  const out: Node[] = [];
  for (let n = start.nextSibling; n && n !== end; n = n.nextSibling) {
    out.push(n);
  }
  return out;
}

function findSlot(start: Node, end: Node, data: string): [Node, Node] | null {
  for (const node of between(start, end)) {
    const found = node.nodeType === Node.COMMENT_NODE &&
        (node as Comment).data === data
      ? node
      : findComment(node, data);
    if (found) {
      const slotEnd = findSibling(found, `/${data}`);
      return slotEnd ? [found, slotEnd] : null;
    }
  }
  return null;
}

function findComment(root: Node, data: string): Node | null {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if ((n as Comment).data === data) return n;
  }
  return null;
}

// Preact renders into a parent node; this stands in for one whose children
// are the nodes between two marker comments.
function rootBetween(parent: Node, start: Node, end: Node) {
  return {
    nodeType: 1,
    parentNode: parent,
    namespaceURI: (parent as Element).namespaceURI,
    get firstChild() {
      const n = start.nextSibling;
      return n === end ? null : n;
    },
    get childNodes() {
      return between(start, end);
    },
    insertBefore(node: Node, ref: Node | null) {
      return parent.insertBefore(node, ref ?? end);
    },
    appendChild(node: Node) {
      return parent.insertBefore(node, end);
    },
    removeChild(node: Node) {
      return parent.removeChild(node);
    },
    contains(node: Node) {
      return between(start, end).some((n) => n === node || n.contains(node));
    },
  };
}
