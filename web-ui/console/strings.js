// The console's words, zh-CN first and English: one pair of files per part of the console (each key in both
// languages of its part, and in one part only), merged here into the table `addStrings` takes.
import { COMMON_ZH } from './strings-common-zh.js';
import { COMMON_EN } from './strings-common-en.js';
import { NAMES_ZH } from './strings-names-zh.js';
import { NAMES_EN } from './strings-names-en.js';
import { TRIAGE_ZH } from './strings-triage-zh.js';
import { TRIAGE_EN } from './strings-triage-en.js';
import { SUPERVISION_ZH } from './strings-supervision-zh.js';
import { SUPERVISION_EN } from './strings-supervision-en.js';
import { RECEPTION_ZH } from './strings-reception-zh.js';
import { RECEPTION_EN } from './strings-reception-en.js';
import { DASHBOARD_ZH } from './strings-dashboard-zh.js';
import { DASHBOARD_EN } from './strings-dashboard-en.js';
import { DIRECTORY_ZH } from './strings-directory-zh.js';
import { DIRECTORY_EN } from './strings-directory-en.js';
import { ADMIN_ZH } from './strings-admin-zh.js';
import { ADMIN_EN } from './strings-admin-en.js';
import { DUTY_ZH } from './strings-duty-zh.js';
import { DUTY_EN } from './strings-duty-en.js';
import { OPINIONS_ZH } from './strings-opinions-zh.js';
import { OPINIONS_EN } from './strings-opinions-en.js';
import { POINTS_ZH } from './strings-points-zh.js';
import { POINTS_EN } from './strings-points-en.js';
import { PLAN_ZH } from './strings-plan-zh.js';
import { PLAN_EN } from './strings-plan-en.js';

/** Each part's tables, by name (the console's test checks a key is in one part only, in both languages). */
export const PARTS = {
  common: { zh: COMMON_ZH, en: COMMON_EN },
  names: { zh: NAMES_ZH, en: NAMES_EN },
  triage: { zh: TRIAGE_ZH, en: TRIAGE_EN },
  supervision: { zh: SUPERVISION_ZH, en: SUPERVISION_EN },
  reception: { zh: RECEPTION_ZH, en: RECEPTION_EN },
  dashboard: { zh: DASHBOARD_ZH, en: DASHBOARD_EN },
  directory: { zh: DIRECTORY_ZH, en: DIRECTORY_EN },
  admin: { zh: ADMIN_ZH, en: ADMIN_EN },
  duty: { zh: DUTY_ZH, en: DUTY_EN },
  opinions: { zh: OPINIONS_ZH, en: OPINIONS_EN },
  points: { zh: POINTS_ZH, en: POINTS_EN },
  plan: { zh: PLAN_ZH, en: PLAN_EN },
};

export const STRINGS = {
  zh: Object.assign({}, ...Object.values(PARTS).map((part) => part.zh)),
  en: Object.assign({}, ...Object.values(PARTS).map((part) => part.en)),
};
