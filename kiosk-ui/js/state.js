// The kiosk's state in one object: how the app runs (mode, station, connection, the outbox), what is on screen,
// and the resident's draft report with its session. Any module may read `state`; it changes only through the
// functions below, so every change has a name to search for.

export const params = new URLSearchParams(location.search);
export const MAX_PHOTOS = 3;
export const MAX_DESCRIPTION = 2000;

export const state = {
  mode: 'setup', // 'kiosk' (enrolled), 'web' (a phone from a QR code), 'landing' (a phone without one) or 'setup'
  stationCode: null,
  station: null,
  deputy: null, // on a phone from a deputy's QR code: that deputy's public profile (code, name…), once fetched
  categories: [],
  places: [],
  online: null, // null until the first answer (or failure)
  pending: 0, // reports waiting in the outbox
  refused: 0, // reports the server refused for good (only a count: their contents are gone)
  kept: [], // on a phone: its reports refused (whole, with the reason) or sent in the background (their codes)
  needsEnrollment: false,
  view: { name: 'loading' }, // the screen and its own data (a tracking result, the deputies page…)
  lastActivity: Date.now(),
  // Today's duty list for the attract screen as last fetched (null until then), whether it could not be, and
  // when it was last asked for: every return to the attract screen shows it at once and fetches it again.
  duty: null,
  dutyFailed: false,
  dutyLoadedAt: 0,
  // The resident's session: bumped whenever a new report starts (and so by the idle reset). Work that awaits
  // something (a photo, a picked file, sending) checks it afterwards and drops what belongs to an earlier resident.
  session: 0,
  draft: null,
};

// Where it is (the place step, chosen community → building → unit and floor): nothing until the resident chooses;
// "near this station" is a choice of its own, never assumed.
const NO_PLACE = {
  nearStation: false, // the resident chose 就在本站附近
  area: null, // the community (or another place at the top of the station's list) from GET …/places
  grid: null, // the grid in it: the chosen building's, or one chosen without knowing the building
  building: null,
  buildingUnknown: false, // the resident said they do not know the building
  unit: '', // digits, optional, only with a building
  floor: '',
};

function blankDraft() {
  return {
    category: null,
    description: '',
    photos: [], // {blob, url}
    retaking: null, // the index of the photo being replaced
    ...NO_PLACE,
    phone: '',
    consentPersonal: false,
    consentCall: false,
    deputy: state.mode === 'web' ? params.get('deputy') : null,
    error: null,
    sending: false,
  };
}

// ---- How the app runs -----------------------------------------------------------------------------------------

export function setMode(mode, stationCode = state.stationCode) {
  state.mode = mode;
  state.stationCode = stationCode;
}

/** The station's page, categories and places (from the server, or as kept for a restart without it). */
export function setStationData({ station, categories = [], places = [] }) {
  state.station = station;
  state.categories = categories;
  state.places = places;
}

/** The deputy whose QR code opened the form (their public profile), or null. */
export function setDeputy(deputy) {
  state.deputy = deputy;
}

export function setOnline(online) {
  state.online = online;
}

export function setPending(n) {
  state.pending = n;
}

export function setRefused(n) {
  state.refused = n;
}

export function setKept(records) {
  state.kept = records;
}

export function setNeedsEnrollment(needed) {
  state.needsEnrollment = needed;
}

/** Someone touched the screen. */
export function touch() {
  state.lastActivity = Date.now();
}

export function markDutyLoaded() {
  state.dutyLoadedAt = Date.now();
}

export function setDuty(duty) {
  state.duty = duty;
  state.dutyFailed = false;
}

/** No duty list could be fetched, and the one kept (if any) is not today's. */
export function dropDuty() {
  state.duty = null;
  state.dutyFailed = true;
}

// ---- The screen -----------------------------------------------------------------------------------------------

/** A new screen: `extra` is its own data, and a new object (async work checks `state.view === view`). */
export function setView(name, extra = {}) {
  state.view = { name, ...extra };
}

/** Changes the current screen's own data. */
export function editView(changes) {
  Object.assign(state.view, changes);
}

// ---- The resident's report ------------------------------------------------------------------------------------

/** Drops the draft (and its photos) and starts a new session: late work for the earlier one is dropped. */
export function newReport() {
  state.draft?.photos.forEach((p) => URL.revokeObjectURL(p.url));
  state.session += 1;
  state.draft = blankDraft();
}

/** A check for async work: true as long as the resident who started it is still the one at the screen. */
export function sameResident() {
  const mine = state.session;
  return () => mine === state.session;
}

export function editDraft(changes) {
  Object.assign(state.draft, changes);
}

/** The place step: near this station (no community, building, unit or floor). */
export function chooseNearStation() {
  Object.assign(state.draft, NO_PLACE, { nearStation: true });
}

/** The place step: a community; choosing the one already chosen keeps its building, unit and floor. */
export function chooseArea(area) {
  if (state.draft.area?.code === area.code) return;
  Object.assign(state.draft, NO_PLACE, { area });
}

/** The place step: a building of the chosen community (in `grid`); another building clears unit and floor. */
export function chooseBuilding(building, grid) {
  const { draft } = state;
  if (draft.building?.code !== building.code) Object.assign(draft, { unit: '', floor: '' });
  Object.assign(draft, { building, grid, buildingUnknown: false });
}

/** The place step: a grid of the chosen community, or (`grid` null) "I do not know the building". */
export function chooseWithoutBuilding(grid) {
  Object.assign(state.draft, { grid, building: null, buildingUnknown: !grid, unit: '', floor: '' });
}

/** A photo for the draft: replaces the one being retaken, or is added while there is room. */
export function addPhoto(blob) {
  const { draft } = state;
  const photo = { blob, url: URL.createObjectURL(blob) };
  if (draft.retaking !== null && draft.photos[draft.retaking]) {
    URL.revokeObjectURL(draft.photos[draft.retaking].url);
    draft.photos[draft.retaking] = photo;
  } else if (draft.photos.length < MAX_PHOTOS) {
    draft.photos.push(photo);
  } else {
    URL.revokeObjectURL(photo.url);
  }
  draft.retaking = null;
}

export function removePhoto(i) {
  const { draft } = state;
  if (draft.photos[i]) URL.revokeObjectURL(draft.photos[i].url);
  draft.photos.splice(i, 1);
  draft.retaking = null;
}

newReport();
