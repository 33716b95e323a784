// Report step 4, where it is: a pin on a map (Leaflet, WGS-84: the browser's geolocation gives WGS-84, and so does
// a tap on the map, whose tiles — when the deployment has any — are WGS-84 too), drawn around the station with its
// grids' boundaries when the places list carries them; or a building picked from the station's list; or neither
// (the station is told nothing more than the words the person adds). Everything a screen reader or a keyboard
// needs is in the building list and the "use my location" button; the map itself is for eyes and fingers.

import { h } from '/ui/shared/dom.js';
import { t, pick } from '/ui/shared/i18n.js';
import { leaflet } from '/ui/shared/leaflet.js';
import * as data from './data.js';

const isPolygon = (g) => g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates);
const MAX_DETAIL = 200;

let map = null;
let pin = null;
let locateProblem = null;
let locating = false;

/** The place in words, for the review and the report's address. */
export function placeText(draft) {
  const { place } = draft;
  const parts = [];
  if (place.mode === 'building' && place.building) parts.push(place.building.name);
  if (place.mode === 'pin' && place.point) parts.push(t('place_pinned'));
  if (place.detail.trim()) parts.push(place.detail.trim());
  return parts.join(' ');
}

export function placeStep(flow) {
  const { draft: d, data: { places, station } } = flow;
  const p = d.place;
  const grids = places.filter((a) => a.buildings?.length);
  const choice = (mode, label) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'place-mode', value: mode, checked: p.mode === mode, onchange: () => { p.mode = mode; flow.render(); } }), label);
  let body = null;
  if (p.mode === 'pin') {
    body = h('div', { class: 'place-pin' },
      h('p', { class: 'hint', id: 'map-hint' }, t('map_hint')),
      h('div', { class: 'map', id: 'place-map', role: 'region', 'aria-label': t('map_label'), 'aria-describedby': 'map-hint', 'data-pin': p.point ? 'set' : 'none' }),
      h('p', { id: 'pin-state', role: 'status' }, p.point ? t('pin_set', { lat: p.point.lat.toFixed(5), lng: p.point.lng.toFixed(5) }) : t('pin_none')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', id: 'use-location', disabled: locating, 'aria-busy': locating ? 'true' : null, onclick: () => useLocation(flow) },
          locating ? t('locating') : t('use_location')),
        p.point ? h('button', { type: 'button', class: 'btn', id: 'clear-pin', onclick: () => { p.point = null; flow.render(); } }, t('pin_clear')) : null),
      locateProblem ? h('p', { class: 'notice notice-warn', role: 'status', id: 'locate-problem' }, t(`locate_${locateProblem}`)) : null);
    queueMicrotask(() => drawMap(flow, station));
  } else if (p.mode === 'building') {
    body = h('div', {},
      h('label', { for: 'building' }, t('building_label')),
      h('select', { id: 'building', class: 'select', onchange: (e) => {
        const [grid, code] = e.target.value.split('|');
        const area = grids.find((g) => g.code === grid);
        p.grid = area ?? null;
        p.building = area?.buildings.find((b) => b.code === code) ?? null;
      } },
      h('option', { value: '' }, t('building_none')),
      grids.map((g) => h('optgroup', { label: pick(g.name) }, g.buildings.map((b) => h('option', {
        value: `${g.code}|${b.code}`, selected: p.building?.code === b.code,
      }, b.address ? `${b.name}（${b.address}）` : b.name))))));
  }
  const detail = h('input', { type: 'text', id: 'place-detail', maxlength: MAX_DETAIL, autocomplete: 'off', oninput: (e) => { p.detail = e.target.value; } });
  detail.value = p.detail;
  if (p.mode !== 'pin') removeMap();
  return [
    ...flow.stepHeader(4, t('place_title'), t('place_hint')),
    h('fieldset', {}, h('legend', {}, t('place_how')),
      choice('pin', t('place_mode_pin')),
      grids.length ? choice('building', t('place_mode_building')) : null,
      choice('none', t('place_mode_none'))),
    body,
    h('label', { for: 'place-detail' }, t('place_detail')),
    h('p', { class: 'hint', id: 'place-detail-hint' }, t('place_detail_hint')),
    detail,
    flow.nav(() => { removeMap(); flow.go('photos'); }, () => { removeMap(); flow.go('contact'); }),
  ];
}

function removeMap() {
  map?.remove();
  map = null;
  pin = null;
}

function showPin(flow, L) {
  const point = flow.draft.place.point;
  if (!map) return;
  if (!point) {
    pin?.remove();
    pin = null;
    return;
  }
  if (!pin) pin = L.circleMarker([point.lat, point.lng], { radius: 11, color: '#ffffff', weight: 3, fillColor: '#b3261e', fillOpacity: 1 }).addTo(map);
  else pin.setLatLng([point.lat, point.lng]);
}

async function drawMap(flow, station) {
  const box = document.getElementById('place-map');
  if (!box || box.dataset.drawn) return;
  box.dataset.drawn = 'pending';
  removeMap();
  let L;
  let settings = null;
  try {
    [L, settings] = await Promise.all([leaflet(), data.uiSettings().catch(() => null)]);
  } catch {
    box.dataset.drawn = 'failed';
    box.append(h('p', { class: 'muted map-failed' }, t('map_failed')));
    return;
  }
  if (!box.isConnected || flow.isDisposed()) return;
  const center = flow.draft.place.point ?? station.location ?? { lat: 39.9, lng: 116.4 };
  // No animations: the step may be left (and the map removed) at any moment, and Leaflet's pending zoom and fade
  // transitions would then run on a map that is gone.
  map = L.map(box, { attributionControl: false, zoomControl: false, zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false })
    .setView([center.lat, center.lng], 16);
  L.control.zoom({ zoomInTitle: t('zoom_in'), zoomOutTitle: t('zoom_out') }).addTo(map);
  const tiles = settings?.map?.tile_url;
  if (tiles) L.tileLayer(tiles, { maxZoom: settings.map.max_zoom || 18 }).addTo(map);
  else box.classList.add('plain');
  const shapes = flow.data.places.filter((a) => isPolygon(a.boundary))
    .map((a) => ({ type: 'Feature', properties: { code: a.code }, geometry: a.boundary }));
  if (shapes.length) {
    const layer = L.geoJSON({ type: 'FeatureCollection', features: shapes }, { style: () => ({ color: '#083b75', weight: 2, fillColor: '#dce9f8', fillOpacity: 0.35 }) }).addTo(map);
    if (!flow.draft.place.point) map.fitBounds(layer.getBounds(), { padding: [12, 12], animate: false });
    box.dataset.grids = String(shapes.length);
  }
  map.on('click', (e) => {
    flow.draft.place.point = { lat: e.latlng.lat, lng: e.latlng.lng, crs: 'wgs84' };
    showPin(flow, L);
    box.dataset.pin = 'set';
    const status = document.getElementById('pin-state');
    if (status) status.textContent = t('pin_set', { lat: e.latlng.lat.toFixed(5), lng: e.latlng.lng.toFixed(5) });
    if (!document.getElementById('clear-pin')) flow.render();
  });
  showPin(flow, L);
  box.dataset.drawn = 'true';
}

async function useLocation(flow) {
  locating = true;
  locateProblem = null;
  flow.render();
  try {
    const here = await data.locate();
    flow.draft.place.point = { lat: here.lat, lng: here.lng, crs: 'wgs84' };
    map?.setView([here.lat, here.lng], 17, { animate: false });
  } catch (err) {
    locateProblem = err.code || 'unavailable';
  }
  locating = false;
  if (!flow.isDisposed()) flow.render();
}
