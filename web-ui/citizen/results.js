// 公示 (#/results/{station}): coming soon — the server's results board is being added.
import { h, fill } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
export function resultsView(app) {
  return { start() { fill(app.main, h('h1', { id: 'view-heading', tabindex: '-1' }, t('entry_results'))); } };
}
