// Leaflet (web-ui/shared/vendor/leaflet, a classic script) added to the page the first time a screen draws a map:
// the console's dashboard and the citizen's place picker. Both its script and its stylesheet, once per page.

import { h } from './dom.js';

const LEAFLET = '/ui/shared/vendor/leaflet/leaflet.js';
const LEAFLET_CSS = '/ui/shared/vendor/leaflet/leaflet.css';

let library = null;

/** Leaflet (`window.L`), its script and stylesheet added to the page once. */
export function leaflet() {
  // Both the script and its stylesheet: a map drawn before the stylesheet is in puts its tiles in the wrong place.
  const load = (el) => new Promise((resolve, reject) => {
    el.addEventListener('load', resolve);
    el.addEventListener('error', () => reject(new Error(`${el.src || el.href} did not load`)));
    document.head.append(el);
  });
  library ??= Promise.all([load(h('link', { rel: 'stylesheet', href: LEAFLET_CSS })), load(h('script', { src: LEAFLET }))])
    .then(() => window.L)
    .catch((err) => {
      library = null;
      throw err;
    });
  return library;
}
