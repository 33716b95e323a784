// The workbench's words, Chinese first, English second (one file each, and one pair for duties); an
// `error_<code>` entry for each problem code its API calls answer with (the shared ones are in /ui/shared/i18n.js).

import { ZH } from './strings-zh.js';
import { EN } from './strings-en.js';
import { DUTY_ZH } from './strings-duty-zh.js';
import { DUTY_EN } from './strings-duty-en.js';

export const STRINGS = { zh: { ...ZH, ...DUTY_ZH }, en: { ...EN, ...DUTY_EN } };
