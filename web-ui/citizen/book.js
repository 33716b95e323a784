// 预约接待 (#/book/{station}): coming soon — the server's booking endpoints are being added.
import { h, fill } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
export function bookView(app) {
  return { start() { fill(app.main, h('h1', { id: 'view-heading', tabindex: '-1' }, t('entry_book'))); } };
}
