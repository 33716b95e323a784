// What the app reads from the public API (stations, categories, deputies, places, reception days), each list
// fetched once per page load and shared by the screens; the station the person chose (kept on the phone); where
// the phone is (the browser's geolocation, WGS-84, asked only when the person taps for it) and how far each
// station is from there.

import { request } from '/ui/shared/api.js';

const STATION_KEY = 'liaison.m.station';
const cache = new Map();

/** `GET path`, once per page load (a failure is forgotten, so the next call tries again). */
export function cached(path) {
  if (!cache.has(path)) {
    cache.set(path, request(path).catch((err) => {
      cache.delete(path);
      throw err;
    }));
  }
  return cache.get(path);
}

/** Drops what was fetched for `prefix` (a booking changes a slot's places, say). */
export function forget(prefix) {
  for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
}

const enc = encodeURIComponent;
export const stations = () => cached('/api/v1/stations').then((r) => r.items ?? []);
export const categories = () => cached('/api/v1/categories').then((r) => r.items ?? []);
export const station = (code) => cached(`/api/v1/stations/${enc(code)}`);
export const deputies = (code) => cached(`/api/v1/stations/${enc(code)}/deputies`).then((r) => r.items ?? []);
export const places = (code) => cached(`/api/v1/stations/${enc(code)}/places?boundaries=true`).then((r) => r.items ?? []);
export const deputy = (code) => cached(`/api/v1/deputies/${enc(code)}`);
export const receptionDays = (code, days = 28) => cached(`/api/v1/stations/${enc(code)}/reception-days?days=${days}`);
export const uiSettings = () => cached('/api/v1/ui-settings');
export const methods = () => cached('/api/v1/auth/methods');

/** The station the person chose (or opened by its QR code) last time, or null. */
export function chosenStation() {
  try {
    return localStorage.getItem(STATION_KEY);
  } catch {
    return null;
  }
}

export function chooseStation(code) {
  try {
    localStorage.setItem(STATION_KEY, code);
  } catch {
    // Storage blocked: chosen for this page only.
  }
}

/**
 * Where the phone is: `{ lat, lng, accuracy }` (WGS-84, as browsers and GPS give it), or an error whose `code`
 * says why not (`denied`, `unavailable`, `timeout`, `unsupported`).
 */
export function locate({ timeout = 15000 } = {}) {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(Object.assign(new Error('no geolocation'), { code: 'unsupported' }));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy }),
      (err) => reject(Object.assign(new Error(err.message), { code: ['', 'denied', 'unavailable', 'timeout'][err.code] || 'unavailable' })),
      { enableHighAccuracy: true, timeout, maximumAge: 60000 },
    );
  });
}

/** Metres between two points (haversine, on a sphere of the Earth's mean radius). */
export function distance(a, b) {
  const rad = (d) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(s));
}

/** The stations, nearest first when `here` is known (each with `metres`), else as the server lists them. */
export function byDistance(list, here) {
  if (!here) return list.map((s) => ({ ...s, metres: null }));
  return list
    .map((s) => ({ ...s, metres: s.location ? distance(here, s.location) : null }))
    .sort((a, b) => (a.metres ?? Infinity) - (b.metres ?? Infinity));
}
