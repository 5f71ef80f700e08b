import { type ComponentChildren, createContext } from "preact";
import { useContext } from "preact/hooks";

/** Collects `<Head>` children during a server render. */
export const HEAD_CONTEXT = createContext<ComponentChildren[] | null>(null);

/** Props of Head. */
export interface HeadProps {
  children?: ComponentChildren;
}

/**
 * Adds its children to the document's `<head>` when rendered on the server;
 * renders nothing in the browser. A `<title>` here replaces the app's title.
 */
export function Head({ children }: HeadProps): null {
  const heads = useContext(HEAD_CONTEXT);
  if (heads) heads.push(children);
  return null;
}
