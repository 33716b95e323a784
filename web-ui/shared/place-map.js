// A report's place drawn without a map service: the grid's boundary (GeoJSON Polygon or MultiPolygon, WGS-84,
// from `place.area.boundary` of `GET /api/v1/reports/{id}`) and the reported point, as an SVG built with DOM
// calls (no markup strings, nothing fetched). Longitude is scaled by the cosine of the latitude, so the shape
// keeps its proportions at a grid's size.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const PAD = 12;

function el(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

/** The outer and inner rings of a Polygon or MultiPolygon, or none. */
function rings(geometry) {
  if (geometry?.type === 'Polygon') return geometry.coordinates ?? [];
  if (geometry?.type === 'MultiPolygon') return (geometry.coordinates ?? []).flat();
  return [];
}

const isPosition = (p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/**
 * An `<svg>` of the boundary with the point (`{lat, lng}`) marked, labelled `label` for screen readers; null when
 * there is nothing to draw.
 */
export function placeMap({ boundary, point, label }) {
  const shapes = rings(boundary).map((ring) => ring.filter(isPosition)).filter((ring) => ring.length >= 3);
  const at = point && Number.isFinite(point.lat) && Number.isFinite(point.lng) ? [point.lng, point.lat] : null;
  const all = [...shapes.flat(), ...(at ? [at] : [])];
  if (!shapes.length) return null;
  const lngs = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const squeeze = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180));
  const spanX = Math.max((maxLng - minLng) * squeeze, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = (WIDTH - 2 * PAD) / Math.max(spanX, spanY);
  const height = Math.round(spanY * scale + 2 * PAD);
  const x = (lng) => (PAD + (lng - minLng) * squeeze * scale).toFixed(1);
  const y = (lat) => (PAD + (maxLat - lat) * scale).toFixed(1);
  const path = shapes.map((ring) => `M${ring.map(([lng, lat]) => `${x(lng)},${y(lat)}`).join('L')}Z`).join('');
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label, class: 'place-map', width: WIDTH, height },
    el('title', {}, label),
    el('path', { d: path, fill: '#dce9f8', stroke: '#0b4f9c', 'stroke-width': 3, 'fill-rule': 'evenodd' }));
  if (at) {
    svg.append(el('circle', { cx: x(at[0]), cy: y(at[1]), r: 9, fill: '#b3261e', stroke: '#ffffff', 'stroke-width': 3, 'data-point': 'report' }));
  }
  return svg;
}
