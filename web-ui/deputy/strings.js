// The workbench's words, Chinese first, English second (one file each, one pair for duties, one for suggestions
// and points); an `error_<code>` entry for each problem code its API calls answer with (the shared ones are in
// /ui/shared/i18n.js).

import { ZH } from './strings-zh.js';
import { EN } from './strings-en.js';
import { DUTY_ZH } from './strings-duty-zh.js';
import { DUTY_EN } from './strings-duty-en.js';
import { SUGGEST_ZH } from './strings-suggest-zh.js';
import { SUGGEST_EN } from './strings-suggest-en.js';

export const STRINGS = { zh: { ...ZH, ...DUTY_ZH, ...SUGGEST_ZH }, en: { ...EN, ...DUTY_EN, ...SUGGEST_EN } };
