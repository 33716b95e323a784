// Icons (simple line drawings, 24×24 viewBox) and common phrases for each category. Categories come from the
// API; a category this file does not know gets the generic icon and phrases.

const ICONS = {
  environment: '<path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6"/>',
  roads_traffic: '<path d="M7 21 10 3M17 21 14 3M12 5v2M12 10v3M12 16v3"/>',
  property_management: '<path d="M3 11 12 4l9 7M5 10v10h14V10M10 20v-6h4v6"/>',
  elderly_care: '<circle cx="12" cy="5" r="2"/><path d="M12 8v6l-3 7M12 14l3 7M9 11h6M17 12v9"/>',
  education: '<path d="M2 9l10-5 10 5-10 5zM6 11v5c3 2 9 2 12 0v-5"/>',
  health: '<path d="M9 3h6v6h6v6h-6v6H9v-6H3V9h6z"/>',
  employment_social_security: '<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V4h6v3M3 13h18"/>',
  public_safety: '<path d="M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6z"/><path d="m9 12 2 2 4-4"/>',
  market_regulation: '<path d="M12 3v18M5 7h14M5 7l-3 7h6zM19 7l-3 7h6zM8 21h8"/>',
  utilities: '<path d="M12 3c3 4 6 7.5 6 11a6 6 0 0 1-12 0c0-3.5 3-7 6-11z"/>',
  housing_construction: '<path d="M4 21V9l8-5 8 5v12M9 21v-5h6v5M8 11h2M14 11h2"/>',
  community_governance: '<circle cx="8" cy="8" r="3"/><circle cx="16" cy="8" r="3"/><path d="M2 20c0-4 3-6 6-6s6 2 6 6M12 20c0-3 2-6 4-6 3 0 6 2 6 6"/>',
  policy_suggestion: '<path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.8.8 1 1.5 1 2.5h6c0-1 .2-1.7 1-2.5A6 6 0 0 0 12 3z"/>',
  legal_petition: '<path d="M12 3v18M6 21h12M4 8h16M7 8l-3 7h6zM17 8l-3 7h6z"/>',
  other: '<circle cx="12" cy="12" r="9"/><path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.7v1M12 17.5v.5"/>',
};

export function icon(code) {
  const paths = ICONS[code] || ICONS.other;
  return `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths}</svg>`;
}

const PHRASES = {
  environment: {
    zh: ['垃圾没有及时清运', '有异味', '乱堆乱放', '噪音扰民', '绿化需要修剪'],
    en: ['Rubbish not collected', 'Bad smell', 'Things dumped', 'Noise', 'Trees need trimming'],
  },
  roads_traffic: {
    zh: ['路灯不亮', '路面坑洼', '乱停车', '井盖破损', '红绿灯时间太短'],
    en: ['Street light out', 'Potholes', 'Illegal parking', 'Broken manhole cover', 'Crossing light too short'],
  },
  property_management: {
    zh: ['电梯故障', '楼道灯不亮', '物业不回应', '停车收费有问题', '门禁坏了'],
    en: ['Lift broken', 'Stairway light out', 'Property office does not answer', 'Parking fees', 'Door entry broken'],
  },
  elderly_care: {
    zh: ['希望增加老年食堂', '需要上门照护', '希望加装扶手', '社区活动太少', '看病取药不方便'],
    en: ['More meals for the elderly', 'Home care needed', 'Handrails wanted', 'Too few activities', 'Hard to see a doctor'],
  },
  education: {
    zh: ['上学路上不安全', '入学问题', '课后托管', '学校周边秩序'],
    en: ['Unsafe way to school', 'School admission', 'After-school care', 'Order around the school'],
  },
  health: {
    zh: ['社区医院人太多', '缺少常用药', '希望增加体检', '卫生服务站开放时间'],
    en: ['Clinic too crowded', 'Common medicine missing', 'More health checks', 'Clinic opening hours'],
  },
  employment_social_security: {
    zh: ['社保办理', '养老金问题', '找工作需要帮助', '工资被拖欠'],
    en: ['Social insurance', 'Pension', 'Help finding work', 'Unpaid wages'],
  },
  public_safety: {
    zh: ['有安全隐患', '消防通道被占', '电动车楼道充电', '治安问题'],
    en: ['Safety hazard', 'Fire lane blocked', 'E-bikes charged indoors', 'Public order'],
  },
  market_regulation: {
    zh: ['商品价格不合理', '食品安全', '缺斤短两', '虚假宣传'],
    en: ['Unfair prices', 'Food safety', 'Short weight', 'False advertising'],
  },
  utilities: {
    zh: ['停水', '水压太低', '暖气不热', '燃气问题', '经常停电'],
    en: ['No water', 'Low water pressure', 'Heating too cold', 'Gas problem', 'Frequent power cuts'],
  },
  housing_construction: {
    zh: ['房屋漏水', '老旧小区改造', '施工噪音', '加装电梯'],
    en: ['Leaking roof', 'Old estate renovation', 'Building-site noise', 'Add a lift'],
  },
  community_governance: {
    zh: ['邻里纠纷', '社区服务', '公共设施损坏', '希望开展活动'],
    en: ['Neighbour dispute', 'Community services', 'Public facility broken', 'Activities wanted'],
  },
  policy_suggestion: {
    zh: ['我有一个建议', '希望出台政策', '政策执行有问题'],
    en: ['I have a suggestion', 'A policy is needed', 'A policy is not carried out'],
  },
  legal_petition: {
    zh: ['需要法律咨询', '有纠纷需要调解'],
    en: ['Need legal advice', 'A dispute needs mediation'],
  },
};
const GENERIC = { zh: ['希望尽快处理', '已经持续很久', '影响很多居民'], en: ['Please deal with it soon', 'It has gone on for long', 'Many residents are affected'] };

export function phrases(code, lang) {
  const set = PHRASES[code] || GENERIC;
  return lang === 'en' ? set.en : set.zh;
}
