// Starting as a station's kiosk or as its online mailbox on a phone: the station's page, categories and places,
// kept in localStorage so that a kiosk starts again without the network.

import { api } from './api.js';
import { state, params, setMode, setStationData, setOnline, setNeedsEnrollment, setDeputy, newReport } from './state.js';
import { go } from './router.js';
import { followLive } from './live.js';

const cacheKey = () => `liaison.station.${state.stationCode}`;

async function loadStation() {
  const [page, categories, places] = await Promise.all([
    api.station(state.stationCode), api.categories(), api.places(state.stationCode).catch(() => ({ items: [] })),
  ]);
  setStationData({
    station: page.station,
    categories: categories.items,
    places: places.items.filter((p) => p.kind !== 'street' && p.kind !== 'district' && p.kind !== 'town'),
  });
  // Kept for a restart without the network.
  localStorage.setItem(cacheKey(), JSON.stringify({ station: state.station, categories: state.categories, places: state.places }));
}

async function loadStationOrCached() {
  try {
    await loadStation();
    setOnline(true);
  } catch (err) {
    const cached = JSON.parse(localStorage.getItem(cacheKey()) || 'null');
    if (!cached) throw err;
    setStationData(cached);
    setOnline(false);
  }
}

/** An enrolled kiosk (`saved`: its credentials): the attract screen, its duty list and live events. */
export async function startKiosk(saved) {
  setMode('kiosk', saved.kiosk.station);
  setNeedsEnrollment(false);
  await loadStationOrCached();
  newReport();
  go('attract'); // which fetches the duty list
  followLive();
}

/** A phone from a station's (or deputy's) QR code: the report form, filed through the online mailbox. */
export async function startWeb(stationCode) {
  setMode('web', stationCode);
  // A deputy's QR code: the form names the deputy (the report goes to them). Without the name the form still works.
  const deputyCode = params.get('deputy');
  const deputy = deputyCode ? api.deputy(deputyCode).then((page) => page.deputy, () => null) : null;
  await loadStationOrCached();
  setDeputy(await deputy);
  newReport();
  go('category');
}
