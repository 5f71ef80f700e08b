import { createContext } from "preact";
import { useContext } from "preact/hooks";

export const SELF = "'self'";
export const UNSAFE_INLINE = "'unsafe-inline'";
export const UNSAFE_EVAL = "'unsafe-eval'";
export const UNSAFE_HASHES = "'unsafe-hashes'";
export const NONE = "'none'";
export const STRICT_DYNAMIC = "'strict-dynamic'";

/** A nonce source expression. */
export function nonce(value: string): string {
  return `'nonce-${value}'`;
}

/** CSP directives, camelCase, each a list of sources. */
export interface ContentSecurityPolicyDirectives {
  childSrc?: string[];
  connectSrc?: string[];
  defaultSrc?: string[];
  fontSrc?: string[];
  frameSrc?: string[];
  imgSrc?: string[];
  manifestSrc?: string[];
  mediaSrc?: string[];
  objectSrc?: string[];
  prefetchSrc?: string[];
  scriptSrc?: string[];
  scriptSrcElem?: string[];
  scriptSrcAttr?: string[];
  styleSrc?: string[];
  styleSrcElem?: string[];
  styleSrcAttr?: string[];
  workerSrc?: string[];
  baseUri?: string[];
  sandbox?: string[];
  formAction?: string[];
  frameAncestors?: string[];
  navigateTo?: string[];
  reportUri?: string;
}

/** The policy of one response; routes change it with useCSP(). */
export interface ContentSecurityPolicy {
  directives: ContentSecurityPolicyDirectives;
  reportOnly: boolean;
}

/** The policy of the page being rendered (null outside a page render). */
export const CSP_CONTEXT = createContext<ContentSecurityPolicy | null>(null);

/** Lets a component change the policy of the page being rendered. */
export function useCSP(mutator: (csp: ContentSecurityPolicy) => void): void {
  const csp = useContext(CSP_CONTEXT);
  if (csp) mutator(csp);
}

/**
 * The runtime's base policy: same-origin resources, scripts only by nonce
 * (and what they load), no plugins, no framing, no <base> hijacking.
 */
export function defaultCsp(
  nonceValue: string,
  dev: boolean,
): ContentSecurityPolicy {
  return {
    reportOnly: false,
    directives: {
      defaultSrc: [SELF],
      scriptSrc: [nonce(nonceValue), STRICT_DYNAMIC],
      styleSrc: [SELF, UNSAFE_INLINE],
      objectSrc: [NONE],
      baseUri: [NONE],
      frameAncestors: [NONE],
      ...(dev ? { connectSrc: [SELF] } : {}),
    },
  };
}

// Directive names as the header writes them (scriptSrc → script-src).
const directiveNames = new Map<string, string>();

/** Serializes a policy as a header value. */
export function serializeCsp(csp: ContentSecurityPolicy): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(csp.directives)) {
    if (v === undefined || (typeof v !== "string" && v.length === 0)) {
      continue;
    }
    let name = directiveNames.get(k);
    if (name === undefined) {
      name = k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      directiveNames.set(k, name);
    }
    parts.push(`${name} ${Array.isArray(v) ? v.join(" ") : v}`);
  }
  return parts.join("; ");
}
