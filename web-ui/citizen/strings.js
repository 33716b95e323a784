// The app's words, Chinese first, English second (one file each); an `error_<code>` entry for each problem code
// its API calls answer with (the shared ones are in /ui/shared/i18n.js).

import { ZH } from './strings-zh.js';
import { EN } from './strings-en.js';

export const STRINGS = { zh: ZH, en: EN };
