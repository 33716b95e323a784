// The dashboard's map of grids, drawn by Leaflet (web-ui/shared/vendor/leaflet, loaded by /ui/shared/leaflet.js the
// first time a map is drawn): each grid's boundary (GeoJSON, WGS-84, from GET /api/v1/directory)
// shaded by how many of its reports are not closed (GET /api/v1/stats?group_by=grid, `figures.open`), with a
// legend and a table of the same numbers beside it. Map tiles come from GET /api/v1/ui-settings when a tile
// source is configured (its attribution shown as text under the map); without one the grids are drawn on a
// plain background. Labels and tooltips are DOM elements or text, never HTML strings (Leaflet's own attribution
// control, which writes HTML, is left out).

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { rateText } from './format.js';
import { leaflet } from '/ui/shared/leaflet.js';

export { leaflet };

/** Shades from none to most not-closed reports (the darkest still lets the boundary show). */
const SHADES = ['#eef3f8', '#c6dbef', '#8fb3dc', '#4a83c0', '#0b4f9c'];
/** Up to this many grids each carry a label with their count; more are named on hover. */
const LABELLED = 60;

const isPolygon = (g) => g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates);

/**
 * The grids to show: those of `station` (a grid whose own code or an enclosing area's is in the station's
 * `covers`; every grid when no station is chosen) and any other grid the figures name. `groups` are the
 * `group_by=grid` groups. Each: `{ code, name, boundary, figures }`, most not-closed reports first.
 */
export function gridRows({ directory, station, groups, openOf }) {
  const areas = new Map((directory?.areas ?? []).map((a) => [a.code, a]));
  const covers = station ? new Set(directory?.stations?.find((s) => s.code === station)?.covers ?? []) : null;
  const inStation = (area) => {
    for (let a = area, depth = 0; a && depth < 12; a = areas.get(a.parent), depth++) if (covers.has(a.code)) return true;
    return false;
  };
  const byKey = new Map(groups.map((g) => [g.key, g.figures]));
  const codes = new Set(groups.map((g) => g.key));
  for (const a of areas.values()) if (a.kind === 'grid' && (!covers || inStation(a))) codes.add(a.code);
  const empty = { received: 0, open: 0 };
  return [...codes].map((code) => {
    const area = areas.get(code);
    const figures = byKey.get(code) ?? empty;
    return { code, area, name: area ? pick(area.name) : code === 'unassigned' ? t('dash_no_grid') : code, figures, open: openOf(figures), received: figures.received };
  }).sort((a, b) => b.open - a.open || b.received - a.received || a.code.localeCompare(b.code));
}

/** Steps of the legend for counts up to `max`: `[{ low, high, shade }]`, the first for none. */
export function legendSteps(max) {
  const steps = [{ low: 0, high: 0, shade: SHADES[0] }];
  if (max <= 0) return steps;
  const size = Math.max(1, Math.ceil(max / (SHADES.length - 1)));
  for (let i = 1, low = 1; low <= max; i++, low += size) steps.push({ low, high: Math.min(max, low + size - 1), shade: SHADES[Math.min(i, SHADES.length - 1)] });
  return steps;
}

const shadeOf = (steps, n) => steps.find((s) => n >= s.low && n <= s.high)?.shade ?? steps[steps.length - 1].shade;

/** The legend as a list: a swatch (its colour set from script, which the page's policy allows) and the range. */
function legend(steps) {
  return h('div', { class: 'map-legend', id: 'map-legend' },
    h('p', { class: 'map-legend-title', id: 'map-legend-title' }, t('dash_legend')),
    h('ul', { 'aria-labelledby': 'map-legend-title' }, steps.map((s) => {
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.backgroundColor = s.shade;
      return h('li', { 'data-low': s.low, 'data-high': s.high }, swatch,
        s.low === s.high ? t('dash_legend_one', { n: s.low }) : t('dash_legend_range', { low: s.low, high: s.high }));
    })));
}

/**
 * The map section: the map's box (drawn later by `drawMap`), the legend, what the background is, and the table
 * (`#table-grid`, a row per grid with its code, received, not closed and the three rates).
 */
export function mapSection({ rows, settings }) {
  const steps = legendSteps(Math.max(0, ...rows.map((r) => r.open)));
  const drawable = rows.some((r) => isPolygon(r.area?.boundary));
  const tiles = settings?.map?.tile_url;
  return h('section', { class: 'panel', 'aria-labelledby': 'by-grid-title', id: 'by-grid' },
    h('h2', { id: 'by-grid-title' }, t('dash_map')),
    h('p', { class: 'hint' }, t('dash_map_hint')),
    drawable ? [
      h('div', { class: 'map-wrap' },
        h('div', { class: `grid-map${tiles ? '' : ' plain'}`, id: 'grid-map', role: 'region', 'aria-label': t('dash_map_label'), 'data-drawn': 'false' }),
        legend(steps)),
      h('p', { class: 'hint map-source', id: 'map-source' },
        tiles ? t('dash_map_tiles', { attribution: settings.map.attribution || new URL(tiles.replaceAll(/[{}]/g, '')).host }) : t('dash_map_plain')),
    ] : h('p', { class: 'empty', id: 'map-none' }, t('dash_map_no_boundaries')),
    rows.length ? h('table', { class: 'table compact', id: 'table-grid' },
      h('caption', {}, t('dash_by_grid')),
      h('thead', {}, h('tr', {}, [t('dash_col_grid'), t('dash_col_code'), t('dash_col_received'), t('dash_col_open'), t('dash_rate_response'), t('dash_rate_resolution'), t('dash_rate_satisfaction')]
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-key': r.code },
        h('th', { scope: 'row' }, r.name),
        h('td', { class: 'code' }, r.code),
        h('td', { class: 'num received' }, String(r.received)),
        h('td', { class: 'num open' }, String(r.open)),
        ['response', 'resolution', 'satisfaction'].map((n) => h('td', {}, r.figures[n] ? rateText(r.figures[n]) : t('rate_none'))))))) : null);
}

/**
 * Draws the grids of `rows` into `box` (`#grid-map`) once Leaflet has loaded, unless the box left the page or
 * `stillWanted()` says no meanwhile. Resolves with the map (call `.remove()` when the page is drawn again), or
 * null.
 */
export async function drawMap(box, { rows, settings, stillWanted }) {
  const L = await leaflet();
  if (!box.isConnected || !stillWanted()) return null;
  const steps = legendSteps(Math.max(0, ...rows.map((r) => r.open)));
  const features = rows.filter((r) => isPolygon(r.area?.boundary))
    .map((r) => ({ type: 'Feature', properties: { code: r.code }, geometry: r.area.boundary }));
  // A city's thousands of grids: drawn on one canvas, named on hover only.
  const many = features.length > LABELLED;
  const map = L.map(box, { attributionControl: false, zoomControl: false, zoomSnap: 0.25, preferCanvas: many });
  L.control.zoom({ zoomInTitle: t('dash_zoom_in'), zoomOutTitle: t('dash_zoom_out') }).addTo(map);
  const tiles = settings?.map?.tile_url;
  if (tiles) {
    const layer = L.tileLayer(tiles, { maxZoom: settings.map.max_zoom || 18 });
    layer.on('tileload', () => { box.dataset.tiles = 'loaded'; });
    layer.addTo(map);
  }
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const layer = L.geoJSON({ type: 'FeatureCollection', features }, {
    style: (f) => ({ color: '#083b75', weight: 2, fillColor: shadeOf(steps, byCode.get(f.properties.code).open), fillOpacity: 0.8 }),
    onEachFeature: (f, path) => {
      const r = byCode.get(f.properties.code);
      // Each grid labelled with its count (a few dozen grids), else its name and count on hover; DOM, never markup.
      if (many) path.bindTooltip(h('span', { 'data-grid': r.code }, `${r.name}${t('dash_colon')}${r.open}`), { sticky: true });
      else path.bindTooltip(h('span', { class: 'grid-count', 'data-grid': r.code }, String(r.open)), { permanent: true, direction: 'center', className: 'grid-label' });
      path.on('mouseover', () => path.setStyle({ weight: 4 }));
      path.on('mouseout', () => path.setStyle({ weight: 2 }));
      path.on('click', () => document.querySelector(`#table-grid tr[data-key="${CSS.escape(r.code)}"]`)?.scrollIntoView({ block: 'center' }));
    },
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [16, 16] });
  box.dataset.drawn = 'true';
  box.dataset.grids = String(features.length);
  return map;
}
