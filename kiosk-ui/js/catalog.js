// Icons (simple line drawings, 24×24 viewBox) and common phrases for the report categories. The categories come
// from the server, which names each one's drawing (`icon`) and may give its phrases (`phrases`, [{zh, en}]).
// What the server leaves out is filled in here by the category's code, and a category this file does not know
// gets the generic drawing and phrases. Only these drawings are ever put into the page as markup: a name from
// the server merely picks one of them.

// Keyed by icon name; the built-in categories use drawings named like their codes.
const ICONS = {
  environment: '<path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6"/>',
  roads_traffic: '<path d="M7 21 10 3M17 21 14 3M12 5v2M12 10v3M12 16v3"/>',
  property_management: '<path d="M3 11 12 4l9 7M5 10v10h14V10M10 20v-6h4v6"/>',
  elderly_care: '<circle cx="12" cy="5" r="2"/><path d="M12 8v6l-3 7M12 14l3 7M9 11h6M17 12v9"/>',
  education: '<path d="M2 9l10-5 10 5-10 5zM6 11v5c3 2 9 2 12 0v-5"/>',
  health: '<path d="M9 3h6v6h6v6h-6v6H9v-6H3V9h6z"/>',
  employment_social_security: '<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V4h6v3M3 13h18"/>',
  public_safety: '<path d="M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6z"/><path d="m9 12 2 2 4-4"/>',
  // A price tag (prices, goods, food safety), unlike legal_petition's gavel: the two must not be mistaken.
  market_regulation: '<path d="M3 4v7.6l9.4 9.4 8.6-8.6L11.6 3H4z"/><circle cx="7.5" cy="7.5" r="1.6"/><path d="M12 12.5l3 3"/>',
  utilities: '<path d="M12 3c3 4 6 7.5 6 11a6 6 0 0 1-12 0c0-3.5 3-7 6-11z"/>',
  housing_construction: '<path d="M4 21V9l8-5 8 5v12M9 21v-5h6v5M8 11h2M14 11h2"/>',
  community_governance: '<circle cx="8" cy="8" r="3"/><circle cx="16" cy="8" r="3"/><path d="M2 20c0-4 3-6 6-6s6 2 6 6M12 20c0-3 2-6 4-6 3 0 6 2 6 6"/>',
  policy_suggestion: '<path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.8.8 1 1.5 1 2.5h6c0-1 .2-1.7 1-2.5A6 6 0 0 0 12 3z"/>',
  // A judge's gavel on its block.
  legal_petition: '<path d="M14 3l7 7-4 4-7-7zM13.5 10.5 4 20M13 21h8"/>',
  other: '<circle cx="12" cy="12" r="9"/><path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.7v1M12 17.5v.5"/>',
};

const GENERIC_ICON = 'other';
const known = (table, name) => typeof name === 'string' && Object.hasOwn(table, name);

/** The names of the drawings (what the server's `icon` may say). */
export const ICON_NAMES = Object.keys(ICONS);

/** The category's drawing as SVG markup: the one it names, else the one for its code, else the generic one. */
export function icon(category) {
  const name = [category?.icon, category?.code].find((n) => known(ICONS, n)) ?? GENERIC_ICON;
  return `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${ICONS[name]}</svg>`;
}

// The built-in phrases by category code, in the server's shape (the same lists feed its demo data).
export const BUILT_IN_PHRASES = {
  environment: [
    { zh: '垃圾没有及时清运', en: 'Rubbish not collected' },
    { zh: '有异味', en: 'Bad smell' },
    { zh: '乱堆乱放', en: 'Things dumped' },
    { zh: '噪音扰民', en: 'Noise' },
    { zh: '绿化需要修剪', en: 'Trees need trimming' },
  ],
  roads_traffic: [
    { zh: '路灯不亮', en: 'Street light out' },
    { zh: '路面坑洼', en: 'Potholes' },
    { zh: '乱停车', en: 'Illegal parking' },
    { zh: '井盖破损', en: 'Broken manhole cover' },
    { zh: '红绿灯时间太短', en: 'Crossing light too short' },
  ],
  property_management: [
    { zh: '电梯故障', en: 'Lift broken' },
    { zh: '楼道灯不亮', en: 'Stairway light out' },
    { zh: '物业不回应', en: 'Property office does not answer' },
    { zh: '停车收费有问题', en: 'Parking fees' },
    { zh: '门禁坏了', en: 'Door entry broken' },
  ],
  elderly_care: [
    { zh: '希望增加老年食堂', en: 'More meals for the elderly' },
    { zh: '需要上门照护', en: 'Home care needed' },
    { zh: '希望加装扶手', en: 'Handrails wanted' },
    { zh: '社区活动太少', en: 'Too few activities' },
    { zh: '看病取药不方便', en: 'Hard to see a doctor' },
  ],
  education: [
    { zh: '上学路上不安全', en: 'Unsafe way to school' },
    { zh: '入学问题', en: 'School admission' },
    { zh: '课后托管', en: 'After-school care' },
    { zh: '学校周边秩序', en: 'Order around the school' },
  ],
  health: [
    { zh: '社区医院人太多', en: 'Clinic too crowded' },
    { zh: '缺少常用药', en: 'Common medicine missing' },
    { zh: '希望增加体检', en: 'More health checks' },
    { zh: '卫生服务站开放时间', en: 'Clinic opening hours' },
  ],
  employment_social_security: [
    { zh: '社保办理', en: 'Social insurance' },
    { zh: '养老金问题', en: 'Pension' },
    { zh: '找工作需要帮助', en: 'Help finding work' },
    { zh: '工资被拖欠', en: 'Unpaid wages' },
  ],
  public_safety: [
    { zh: '有安全隐患', en: 'Safety hazard' },
    { zh: '消防通道被占', en: 'Fire lane blocked' },
    { zh: '电动车楼道充电', en: 'E-bikes charged indoors' },
    { zh: '治安问题', en: 'Public order' },
  ],
  market_regulation: [
    { zh: '商品价格不合理', en: 'Unfair prices' },
    { zh: '食品安全', en: 'Food safety' },
    { zh: '缺斤短两', en: 'Short weight' },
    { zh: '虚假宣传', en: 'False advertising' },
  ],
  utilities: [
    { zh: '停水', en: 'No water' },
    { zh: '水压太低', en: 'Low water pressure' },
    { zh: '暖气不热', en: 'Heating too cold' },
    { zh: '燃气问题', en: 'Gas problem' },
    { zh: '经常停电', en: 'Frequent power cuts' },
  ],
  housing_construction: [
    { zh: '房屋漏水', en: 'Leaking roof' },
    { zh: '老旧小区改造', en: 'Old estate renovation' },
    { zh: '施工噪音', en: 'Building-site noise' },
    { zh: '加装电梯', en: 'Add a lift' },
  ],
  community_governance: [
    { zh: '邻里纠纷', en: 'Neighbour dispute' },
    { zh: '社区服务', en: 'Community services' },
    { zh: '公共设施损坏', en: 'Public facility broken' },
    { zh: '希望开展活动', en: 'Activities wanted' },
  ],
  policy_suggestion: [
    { zh: '我有一个建议', en: 'I have a suggestion' },
    { zh: '希望出台政策', en: 'A policy is needed' },
    { zh: '政策执行有问题', en: 'A policy is not carried out' },
  ],
  legal_petition: [
    { zh: '需要法律咨询', en: 'Need legal advice' },
    { zh: '有纠纷需要调解', en: 'A dispute needs mediation' },
  ],
};
export const GENERIC_PHRASES = [
  { zh: '希望尽快处理', en: 'Please deal with it soon' },
  { zh: '已经持续很久', en: 'It has gone on for long' },
  { zh: '影响很多居民', en: 'Many residents are affected' },
];

// Shown in every category after its own phrases (常用补充): how long, how often, whom it affects, any danger.
// Enough to describe something with taps alone, for a resident who cannot type.
export const EXTRA_PHRASES = [
  { zh: '已经持续一周', en: 'It has gone on for a week' },
  { zh: '一个多月了', en: 'For over a month now' },
  { zh: '很久了', en: 'For a long time' },
  { zh: '经常发生', en: 'It happens often' },
  { zh: '影响全楼住户', en: 'The whole building is affected' },
  { zh: '影响老人孩子出行', en: 'Hard for old people and children to get about' },
  { zh: '有安全隐患', en: 'Safety hazard' },
  { zh: '有人受伤', en: 'Someone was hurt' },
];

/** The server's phrases when it gave usable ones (at least one with text), else null. */
function fromServer(list) {
  if (!Array.isArray(list)) return null;
  const text = (s) => typeof s === 'string' && s.trim() !== '';
  const usable = list.filter((p) => p && (text(p.zh) || text(p.en)));
  return usable.length ? usable : null;
}

const text = (s) => (typeof s === 'string' && s.trim() !== '' ? s : '');
const inLang = (list, lang) => list.map((p) => (lang === 'en' ? text(p.en) || text(p.zh) : text(p.zh) || text(p.en)));

/** Phrases for `category` in `lang` ('zh' or 'en'; a phrase missing in one language is shown in the other). */
export function phrases(category, lang) {
  const list = fromServer(category?.phrases)
    ?? (known(BUILT_IN_PHRASES, category?.code) ? BUILT_IN_PHRASES[category.code] : GENERIC_PHRASES);
  return inLang(list, lang);
}

/** The phrases every category offers after its own (EXTRA_PHRASES), less any of them it has already. */
export function extraPhrases(category, lang) {
  const own = new Set(phrases(category, lang));
  return inLang(EXTRA_PHRASES, lang).filter((phrase) => !own.has(phrase));
}
