// Words on screen, Chinese (zh-CN) first, English second. A screen adds its own words with `addStrings`;
// `t('key', { n: 3 })` fills `{n}`, `pick({ zh, en })` chooses from the API's bilingual text. The choice of
// language is kept on the device; every screen starts in Chinese until someone switches.

const STORAGE_KEY = 'liaison.lang';
const LANGS = ['zh', 'en'];

// Words every screen needs: the language switch, loading, dates, and the problems any call can meet.
const COMMON = {
  zh: {
    lang_switch: 'English',
    lang_switch_label: 'Switch to English',
    loading: '正在加载……',
    retry: '重试',
    china_time: '北京时间',
    not_given: '未填写',
    bytes_kb: '{n} KB',
    bytes_mb: '{n} MB',
    problem_code: '错误代码：{code}',
    problem_request: '请求编号：{id}',
    error_offline: '连不上服务器。请检查网络，然后重试。',
    error_timeout: '服务器很久没有回应。请稍后重试。',
    error_server: '服务器暂时出了问题，请稍后重试。如果一直这样，请联系联络站，并告诉他们下面的请求编号。',
    error_unknown: '没有办成：{detail}',
    error_payload_too_large: '一次发送的内容太大了。请分几次发送，或换小一些的文件。',
    error_too_many_requests: '操作太频繁了，请稍等一会儿再试。',
    error_service_unavailable: '服务器正忙，请稍后重试。',
    error_internal_error: '服务器出了问题，请稍后重试。如果一直这样，请联系联络站，并告诉他们下面的请求编号。',
    error_malformed_json: '页面发送的内容有误，请刷新页面后重试。',
    error_malformed_multipart: '文件没有传完整，请重新选择文件后再试。',
    error_unsupported_content_type: '页面发送的内容格式有误，请刷新页面后重试。',
  },
  en: {
    lang_switch: '中文',
    lang_switch_label: '切换到中文',
    loading: 'Loading…',
    retry: 'Try again',
    china_time: 'China time',
    not_given: 'Not given',
    bytes_kb: '{n} KB',
    bytes_mb: '{n} MB',
    problem_code: 'Error code: {code}',
    problem_request: 'Request id: {id}',
    error_offline: 'The server cannot be reached. Check the network connection and try again.',
    error_timeout: 'The server took too long to answer. Please try again shortly.',
    error_server: 'Something went wrong on the server. Try again later; if it keeps happening, contact the station and give them the request id below.',
    error_unknown: 'That did not work: {detail}',
    error_payload_too_large: 'That is too much to send at once. Send it in parts, or choose smaller files.',
    error_too_many_requests: 'Too many attempts in a short time. Wait a moment and try again.',
    error_service_unavailable: 'The server is busy. Please try again shortly.',
    error_internal_error: 'Something went wrong on the server. Try again later; if it keeps happening, contact the station and give them the request id below.',
    error_malformed_json: 'The page sent something wrong. Reload the page and try again.',
    error_malformed_multipart: 'The files did not arrive whole. Choose them again and retry.',
    error_unsupported_content_type: 'The page sent something in the wrong format. Reload the page and try again.',
  },
};

const strings = { zh: { ...COMMON.zh }, en: { ...COMMON.en } };
const listeners = new Set();
let current = stored();

function stored() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return LANGS.includes(saved) ? saved : 'zh';
  } catch {
    return 'zh';
  }
}

/** Adds a screen's words: `{ zh: {...}, en: {...} }`. Every key should be in both. */
export function addStrings(tables) {
  for (const lang of LANGS) Object.assign(strings[lang], tables[lang] || {});
}

/** `zh` or `en`. */
export function getLang() {
  return current;
}

/** Switches the language, remembers it on the device, and tells every listener (they re-render). */
export function setLang(lang) {
  current = LANGS.includes(lang) ? lang : 'zh';
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyLang();
  for (const listener of listeners) listener(current);
}

/** Calls `listener(lang)` after every switch. */
export function onLangChange(listener) {
  listeners.add(listener);
}

/** Marks the document with the language in use (screen readers pronounce by it). */
export function applyLang() {
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
}

/** Whether `key` has words in the current language (or Chinese). */
export function has(key) {
  return key in strings[current] || key in strings.zh;
}

/** The words for `key` in the current language (Chinese when English lacks them), with `{name}` filled. */
export function t(key, vars = {}) {
  const text = strings[current][key] ?? strings.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

/** The current language's half of the API's `{ zh, en }` text (the other half when it is empty). */
export function pick(localized) {
  if (!localized) return '';
  if (typeof localized === 'string') return localized;
  return (current === 'en' ? localized.en || localized.zh : localized.zh || localized.en) || '';
}

/** A date and time in China time (Asia/Shanghai), as people there read it, with the zone named. */
export function formatDateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const text = date.toLocaleString(current === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit',
    hour12: false,
  });
  return current === 'en' ? `${text} (${t('china_time')})` : `${text}（${t('china_time')}）`;
}

/** A file size people can read: KB below a megabyte, MB with one decimal above. */
export function formatBytes(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024 * 1024) return t('bytes_kb', { n: Math.max(1, Math.round(n / 1024)) });
  return t('bytes_mb', { n: (n / (1024 * 1024)).toFixed(1) });
}
