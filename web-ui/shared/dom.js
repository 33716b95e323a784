// Building the page from data: every value becomes a text node or an attribute value, never markup. There is
// no way to hand this module HTML (no `html`, `innerHTML` or `style` attribute: the page's Content-Security-
// Policy refuses inline styles anyway), event handlers must be functions, and links and images may only
// point at http(s), blob: or tel: addresses, so text a citizen typed can never become code on the page.

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster']);
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'blob:', 'tel:']);
const REFUSED = new Set(['html', 'innerhtml', 'outerhtml', 'style', 'srcdoc']);

/** `value` as an address this page may link to or load, or an error (a `javascript:` link, say). */
export function safeUrl(value) {
  const url = new URL(String(value), document.baseURI);
  if (!SAFE_PROTOCOLS.has(url.protocol)) throw new Error(`refused address with protocol ${url.protocol}`);
  return url.href;
}

/**
 * An element: `h('p', { class: 'note', id: 'x', onclick: fn }, 'text', otherNode, ['more', 'children'])`.
 * Attributes with `null`, `undefined` or `false` are left out; `true` sets an empty attribute. Children may
 * be nodes, strings, numbers or (nested) arrays of them; `null`, `undefined` and `false` are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    const lower = name.toLowerCase();
    if (REFUSED.has(lower)) throw new Error(`h(): the attribute ${name} is not allowed`);
    if (lower.startsWith('on')) {
      if (typeof value !== 'function') throw new Error(`h(): ${name} must be a function`);
      el.addEventListener(lower.slice(2), value);
    } else if (lower === 'class') {
      el.className = String(value);
    } else if (URL_ATTRIBUTES.has(lower)) {
      el.setAttribute(name, safeUrl(value));
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  el.append(...nodes(children));
  return el;
}

/** Replaces everything inside `el` with `children` (as in `h`). */
export function fill(el, ...children) {
  el.replaceChildren(...nodes(children));
  return el;
}

function nodes(children) {
  return children
    .flat(Infinity)
    .filter((child) => child !== null && child !== undefined && child !== false)
    .map((child) => (child instanceof Node ? child : document.createTextNode(String(child))));
}
