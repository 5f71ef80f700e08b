/**
 * `$fresh/runtime.ts`: helpers usable on the server and in islands.
 * @module
 */
export {
  asset,
  ASSET_CACHE_BUST_KEY,
  assetSrcSet,
  INTERNAL_PREFIX,
  IS_BROWSER,
} from "./src/runtime/utils.ts";
export { Head, HEAD_CONTEXT, type HeadProps } from "./src/runtime/head.ts";
export {
  type ContentSecurityPolicy,
  type ContentSecurityPolicyDirectives,
  CSP_CONTEXT,
  nonce,
  NONE,
  SELF,
  STRICT_DYNAMIC,
  UNSAFE_EVAL,
  UNSAFE_HASHES,
  UNSAFE_INLINE,
  useCSP,
} from "./src/runtime/csp.ts";
