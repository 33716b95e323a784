// The people of the demo district, made on the first morning of the year as a deployment makes them: the
// administrator reads the directory that `liaison seed-demo` loaded (stations, deputies, handling units) and
// creates the accounts (staff and a station head for each station, the committee, one per serving deputy tied
// to their directory code, one per handling unit), and staff enroll a kiosk at each station.

/** `XH-01` → `xh01`, `D-003` → `d003`: the part of a username a code gives. */
const slug = (code) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

const STAFF_NAMES = ['李文静', '周建华', '孙晓明', '吴海燕'];
const HEAD_NAMES = ['王站长', '陈站长', '刘站长', '赵站长'];

/**
 * Reads the district and makes its people. Fills `ctx.stations` (code, name, deputies, places, the names of
 * its staff, head and kiosk sessions), `ctx.deputies` (code → station, name, session) and `ctx.units`.
 */
export async function castTheDistrict(ctx) {
  const { api, sessions, counts } = ctx;
  const admin = await sessions.token('admin');
  const stations = (await api.get('/api/v1/stations', admin)).items;
  const directory = await api.get('/api/v1/directory', admin);
  const units = (await api.get('/api/v1/handling-units', admin)).items.map((u) => u.code);
  if (stations.length < 2) throw new Error(`the demo district has two stations; this server has ${stations.length} (run \`liaison seed-demo\` first)`);
  if (!units.length) throw new Error('the server has no handling units (run `liaison seed-demo` first)');

  ctx.units = units;
  ctx.deputies = new Map();
  ctx.stations = [];
  for (const [i, station] of stations.entries()) {
    const deputies = directory.deputies
      .filter((d) => (d.status ?? 'active') === 'active' && (d.stations ?? []).includes(station.code))
      .map((d) => d.code);
    if (!deputies.length) throw new Error(`station ${station.code} has no active deputies in the directory`);
    for (const code of deputies) {
      if (!ctx.deputies.has(code)) {
        const d = directory.deputies.find((x) => x.code === code);
        ctx.deputies.set(code, { code, station: station.code, name: d.name.zh, session: `deputy:${code}` });
      }
    }
    ctx.stations.push({
      code: station.code, name: station.name.zh, deputies: deputies.filter((code) => ctx.deputies.get(code).station === station.code),
      staff: `staff:${station.code}`, head: `head:${station.code}`, kiosk: `kiosk:${station.code}`,
      staffName: STAFF_NAMES[i % STAFF_NAMES.length], headName: HEAD_NAMES[i % HEAD_NAMES.length],
    });
  }

  const account = async (session, body) => {
    const made = await api.post('/api/v1/accounts', admin, { password: ctx.password, ...body });
    sessions.addPassword(session, body.username, ctx.password);
    counts.accounts[made.role] = (counts.accounts[made.role] ?? 0) + 1;
    ctx.usernames.push({ username: body.username, role: made.role, for: body.deputy ?? body.unit ?? body.stations?.join(',') ?? '' });
    return made;
  };
  for (const station of ctx.stations) {
    await account(station.staff, { username: `${slug(station.code)}.staff`, display_name: station.staffName, role: 'staff', stations: [station.code] });
    await account(station.head, { username: `${slug(station.code)}.head`, display_name: station.headName, role: 'station_head', stations: [station.code] });
  }
  await account('committee', { username: 'committee', display_name: '人大工委', role: 'committee' });
  for (const deputy of ctx.deputies.values()) {
    await account(deputy.session, { username: `deputy.${slug(deputy.code)}`, display_name: deputy.name, role: 'deputy', deputy: deputy.code });
  }
  for (const unit of units) {
    await account(`unit:${unit}`, { username: `unit.${slug(unit)}`, display_name: unit, role: 'unit', unit });
  }

  // Staff enroll each station's kiosk with a one-time code; the kiosk keeps its own tokens.
  for (const station of ctx.stations) {
    const staff = await sessions.token(station.staff);
    const made = await api.post(`/api/v1/stations/${station.code}/kiosks`, staff, { label: '大厅一号机' });
    const enrolled = await api.post('/api/v1/kiosks/enroll', undefined, { enrollment_code: made.enrollment_code });
    sessions.addTokens(station.kiosk, 'kiosk', enrolled.tokens);
    counts.kiosks += 1;
    station.places = (await api.get(`/api/v1/stations/${station.code}/places`)).items;
  }
  ctx.log(`made ${Object.values(counts.accounts).reduce((a, b) => a + b, 0)} accounts and ${counts.kiosks} kiosks`);
}
