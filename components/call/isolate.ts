/**
 * While the call fills the viewport, everything else on the page (the
 * booking's actions among it) is made inert: out of reach of the keyboard,
 * the pointer and screen readers, as under a modal dialog. Returns the undo.
 */
export function isolate(element: HTMLElement): () => void {
  const made: Element[] = [];
  for (
    let node: HTMLElement | null = element;
    node && node !== document.body;
    node = node.parentElement
  ) {
    for (const sibling of node.parentElement?.children ?? []) {
      if (sibling !== node && !sibling.hasAttribute("inert")) {
        sibling.setAttribute("inert", "");
        made.push(sibling);
      }
    }
  }
  const root = document.documentElement;
  const overflow = root.style.overflow;
  root.style.overflow = "hidden";
  document.body.dataset.inCall = "true";
  return () => {
    made.forEach((e) => e.removeAttribute("inert"));
    root.style.overflow = overflow;
    delete document.body.dataset.inCall;
  };
}
