// Page rendering: awaits async components, composes app → layouts → page,
// renders to a string with island tracking, then assembles the document
// (head additions, plugin styles, island state and boot script).
import {
  type ComponentChildren,
  type ComponentType,
  Fragment,
  h,
  type VNode,
} from "preact";
import { renderToString } from "preact-render-to-string";
import { withIslandTracking } from "./islands.ts";
import { serialize } from "./serializer.ts";
import { HEAD_CONTEXT } from "../runtime/head.ts";
import {
  type ContentSecurityPolicy,
  CSP_CONTEXT,
  defaultCsp,
  serializeCsp,
} from "../runtime/csp.ts";
import type { Bundle } from "./bundle.ts";
import type {
  FreshContext,
  PageProps,
  Plugin,
  PluginRenderFunctionResult,
  PluginRenderResult,
} from "../types.ts";

/** One level of the component stack: the app, a layout or the page. */
export interface StackEntry {
  // deno-lint-ignore no-explicit-any
  component: ComponentType<any> | ((req: Request, ctx: any) => unknown);
}

/** Everything the renderer needs besides the request context. */
export interface RenderOptions {
  stack: StackEntry[];
  status: number;
  headers?: HeadersInit;
  plugins: Plugin[];
  bundle: Bundle | null;
  dev: boolean;
  lang?: string;
}

/** True when a component is an `async function`, as Fresh decides it. */
export function isAsyncComponent(fn: unknown): boolean {
  return typeof fn === "function" && fn.constructor.name === "AsyncFunction";
}

function pageProps(ctx: FreshContext): PageProps {
  const { render: _r, next: _n, renderNotFound: _nf, ...props } = ctx;
  return props as PageProps;
}

/**
 * Renders a page. Returns the Response an async component returned, if any;
 * otherwise the full HTML document response.
 */
export async function renderPage(
  req: Request,
  ctx: FreshContext,
  opts: RenderOptions,
): Promise<Response> {
  // Every page gets a policy, whether it has islands or not; components
  // change it with useCSP().
  const nonce = crypto.randomUUID().replaceAll("-", "");
  const csp = defaultCsp(nonce, opts.dev);

  // Build the tree from the inside out, awaiting async levels outside-in so
  // an outer async layout sees ctx.data before an inner one runs.
  const levels = opts.stack;
  const resolved: (VNode | null)[] = new Array(levels.length).fill(null);
  const componentAt = (i: number): ComponentType =>
    function Level() {
      if (i >= levels.length) return null;
      const pre = resolved[i];
      if (pre) return pre;
      const props = { ...pageProps(ctx), Component: componentAt(i + 1) };
      return h(levels[i].component as ComponentType<typeof props>, props);
    };
  for (let i = 0; i < levels.length; i++) {
    const c = levels[i].component;
    if (!isAsyncComponent(c)) continue;
    const out = await (c as (req: Request, ctx: unknown) => Promise<unknown>)(
      req,
      { ...ctx, Component: componentAt(i + 1) },
    );
    if (out instanceof Response) return out;
    resolved[i] = h(Fragment, null, out as ComponentChildren);
  }

  const heads: ComponentChildren[] = [];
  const Root = componentAt(0);
  const renderBody = () =>
    withIslandTracking(() =>
      renderToString(
        h(HEAD_CONTEXT.Provider, {
          value: heads,
          children: h(CSP_CONTEXT.Provider, {
            value: csp,
            children: h(Root, null),
          }),
        }),
      )
    );

  let tracked: ReturnType<typeof renderBody> | undefined;
  const renderResult = (): PluginRenderFunctionResult => {
    tracked ??= renderBody();
    return {
      htmlText: tracked.result,
      requiresHydration: tracked.state.props.length > 0,
      islandSources: [
        ...new Set(
          [...tracked.state.islands].flatMap((i) =>
            opts.bundle?.islandSources(i.name) ?? []
          ),
        ),
      ],
    };
  };
  const pluginResults: [Plugin, PluginRenderResult][] = [];
  for (const plugin of opts.plugins) {
    if (plugin.renderAsync) {
      pluginResults.push([
        plugin,
        await plugin.renderAsync({
          renderAsync: () => Promise.resolve(renderResult()),
        }),
      ]);
    } else if (plugin.render) {
      pluginResults.push([plugin, plugin.render({ render: renderResult })]);
    }
  }
  const { htmlText } = renderResult();
  const { state } = tracked!;

  const headParts: string[] = [];
  const bodyParts: string[] = [];
  for (const [, result] of pluginResults) {
    for (const style of result.styles ?? []) {
      headParts.push(
        `<style${attr("id", style.id)}${attr("media", style.media)}>${
          style.cssText.replaceAll("</style", "<\\/style")
        }</style>`,
      );
    }
    for (const link of result.links ?? []) {
      headParts.push(
        `<link${Object.entries(link).map(([k, v]) => attr(k, v)).join("")}>`,
      );
    }
  }
  const pluginScripts = pluginResults.flatMap(([plugin, result]) =>
    (result.scripts ?? []).map((s) => ({ plugin: plugin.name, ...s }))
  );

  const bundle = opts.bundle;
  if (opts.dev && bundle) {
    headParts.push(
      `<script type="module" nonce="${nonce}" src="${
        bundle.url("fresh_dev_client")
      }"></script>`,
    );
  }
  if ((state.props.length > 0 || pluginScripts.length > 0) && bundle) {
    const entries = [
      "main",
      ...new Set([...state.islands].map((i) => `island-${i.name}`)),
    ];
    const stateJson = serialize([
      state.props,
      pluginScripts.map((s) => s.state),
    ]);
    if (stateJson.requiresDeserializer) entries.push("deserializer");
    if (stateJson.hasSignals) entries.push("signals");
    for (const s of pluginScripts) {
      entries.push(`plugin-${s.plugin}-${s.entrypoint}`);
    }
    for (const file of bundle.preloads(entries)) {
      headParts.push(
        `<link rel="modulepreload" href="${file}" nonce="${nonce}">`,
      );
    }
    const stateId = `__FRSH_STATE_${nonce}`;
    bodyParts.push(
      `<script id="${stateId}" type="application/json" nonce="${nonce}">${stateJson.text}</script>`,
      `<script type="module" nonce="${nonce}">${
        bootScript(bundle, stateId, state, stateJson, pluginScripts)
      }</script>`,
    );
  }
  const headExtra = headParts.join("") +
    (heads.length > 0 ? renderToString(h(Fragment, null, heads)) : "");
  const html = assemble(
    htmlText,
    headExtra,
    bodyParts.join(""),
    opts.lang ?? "en",
    heads,
  );

  const headers: [string, string][] = [
    ...PAGE_HEADERS,
    [
      csp.reportOnly
        ? "content-security-policy-report-only"
        : "content-security-policy",
      serializeCsp(csp),
    ],
  ];
  if (opts.headers) {
    for (const [k, v] of new Headers(opts.headers)) headers.push([k, v]);
  }
  return new Response(html, { status: opts.status, headers });
}

// The headers of every rendered page besides its policy.
const PAGE_HEADERS: readonly [string, string][] = [
  ["content-type", "text/html; charset=utf-8"],
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "strict-origin-when-cross-origin"],
  // For browsers without frame-ancestors; the others follow the policy.
  ["x-frame-options", "DENY"],
];

function attr(name: string, value: string | undefined): string {
  if (value === undefined) return "";
  return ` ${name}="${escapeAttr(value)}"`;
}

/** Escapes a string for a double-quoted HTML attribute. */
export function escapeAttr(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll(
    "<",
    "&lt;",
  );
}

function bootScript(
  bundle: Bundle,
  stateId: string,
  state: { islands: Set<{ id: string; name: string; exportName: string }> },
  stateJson: { requiresDeserializer: boolean; hasSignals: boolean },
  pluginScripts: { plugin: string; entrypoint: string }[],
): string {
  const lines: string[] = [];
  const q = JSON.stringify;
  lines.push(`import{revive}from${q(bundle.url("main"))};`);
  if (stateJson.requiresDeserializer) {
    lines.push(`import{deserialize}from${q(bundle.url("deserializer"))};`);
  }
  if (stateJson.hasSignals) {
    lines.push(`import{signal}from${q(bundle.url("signals"))};`);
  }
  const files = [...new Set([...state.islands].map((i) => i.name))];
  files.forEach((name, i) =>
    lines.push(`import*as i${i} from${q(bundle.url(`island-${name}`))};`)
  );
  pluginScripts.forEach((s, i) =>
    lines.push(
      `import p${i} from${
        q(bundle.url(`plugin-${s.plugin}-${s.entrypoint}`))
      };`,
    )
  );
  const text = `document.getElementById(${q(stateId)}).textContent`;
  lines.push(
    stateJson.requiresDeserializer
      ? `const S=deserialize(${text}${stateJson.hasSignals ? ",signal" : ""});`
      : `const S=JSON.parse(${text}).v;`,
  );
  pluginScripts.forEach((_, i) =>
    lines.push(`try{p${i}(S[1][${i}])}catch(e){setTimeout(()=>{throw e})}`)
  );
  const map = [...state.islands].map((island) =>
    `${q(island.id)}:i${files.indexOf(island.name)}[${q(island.exportName)}]`
  );
  lines.push(`revive({${map.join(",")}},S[0]);`);
  return lines.join("");
}

const HTML_OPEN = /^\s*<html[\s>]/;

/**
 * Places head additions before `</head>` and body additions before the last
 * `</body>`; adds the doctype, and a minimal shell when the app renders no
 * `<html>` element. A `<title>` among `<Head>` children replaces the app's.
 */
function assemble(
  body: string,
  headExtra: string,
  bodyExtra: string,
  lang: string,
  heads: ComponentChildren[],
): string {
  if (!HTML_OPEN.test(body)) {
    return `<!DOCTYPE html><html lang="${
      escapeAttr(lang)
    }"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">${headExtra}</head><body>${body}${bodyExtra}</body></html>`;
  }
  let html = body;
  const headEnd = html.indexOf("</head>");
  if (headEnd >= 0) {
    let head = html.slice(0, headEnd);
    if (headExtra.includes("<title>") && heads.length > 0) {
      head = head.replace(/<title>[\s\S]*?<\/title>/, "");
    }
    html = head + headExtra + html.slice(headEnd);
  }
  const bodyEnd = html.lastIndexOf("</body>");
  html = bodyEnd >= 0
    ? html.slice(0, bodyEnd) + bodyExtra + html.slice(bodyEnd)
    : html + bodyExtra;
  return "<!DOCTYPE html>" + html;
}

export type { ContentSecurityPolicy };
