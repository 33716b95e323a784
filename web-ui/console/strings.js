// The console's words, zh-CN first and English, split by language so each file stays short.
import { ZH } from './strings-zh.js';
import { EN } from './strings-en.js';

export const STRINGS = { zh: ZH, en: EN };
