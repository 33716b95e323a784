// The 履职 tab's parts, as links at the top of each: 活动 (activities and check-in, duties.js), 建议 (my
// suggestions, suggestions.js), 积分 (my points archive, points.js) and 任务 (my tasks of the annual plan, tasks.js).

import { h } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';

const PARTS = [['activities', '#/duties'], ['suggestions', '#/suggestions'], ['points', '#/points'], ['tasks', '#/tasks']];

/** The links, `current` (`activities`, `suggestions`, `points` or `tasks`) marked as the page shown. */
export function dutyNav(current) {
  return h('nav', { class: 'filter-tabs duty-nav', 'aria-label': t('duty_nav_label') },
    h('ul', {}, PARTS.map(([name, href]) => h('li', {}, h('a', {
      href, id: `duty-nav-${name}`, class: 'filter-tab', 'aria-current': name === current ? 'page' : null,
    }, t(`duty_nav_${name}`))))));
}
