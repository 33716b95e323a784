// The app's words, Chinese first, English second (one file each, and one pair for report-backs); an
// `error_<code>` entry for each problem code its API calls answer with (the shared ones are in
// /ui/shared/i18n.js).

import { ZH } from './strings-zh.js';
import { EN } from './strings-en.js';
import { VOTE_ZH } from './strings-vote-zh.js';
import { VOTE_EN } from './strings-vote-en.js';

export const STRINGS = { zh: { ...ZH, ...VOTE_ZH }, en: { ...EN, ...VOTE_EN } };
