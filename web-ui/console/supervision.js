// Placeholder, replaced below.
import { h, fill } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';

export function supervisionView(app) {
  return { start() { fill(app.main, h('h1', { id: 'view-heading', tabindex: '-1' }, t('nav_supervision'))); } };
}
