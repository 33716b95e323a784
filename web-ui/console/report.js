// The report page every staff notice opens (`/console/#/reports/{id}`): the same panel as triage (panel.js),
// on its own, with a way back to the queue or the supervision board; redrawn when the report changes.

import { h, fill } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { focusOn } from '/ui/shared/ui.js';
import { createPanel } from './panel.js';

const typing = (el) => el && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable);

export function reportView(app, { id }) {
  const panel = createPanel(app, { id, rerender: (focusId) => render(focusId) });

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (panel.key(e)) e.preventDefault();
  }

  // Loads finishing after the person moved on must not draw over the next view.
  let disposed = false;

  function render(focusId = null) {
    if (disposed) return;
    const r = panel.state.report;
    app.setTitle(r ? r.tracking_code : t('report_title'));
    app.main.dataset.state = r ? 'ready' : 'loading';
    const back = app.handles ? ['#/triage', 'back_to_triage'] : ['#/supervision', 'back_to_supervision'];
    fill(app.main,
      h('nav', { class: 'crumbs', 'aria-label': t('crumbs_label') }, h('a', { href: back[0], id: 'back' }, t(back[1]))),
      h('h1', { id: 'view-heading', tabindex: '-1', class: 'visually-hidden' }, t('report_title')),
      app.takeFlash(),
      h('section', { class: 'report-page', 'aria-labelledby': 'report-heading' }, panel.nodes()));
    if (focusId) focusOn(focusId);
  }

  return {
    async start() {
      document.addEventListener('keydown', onKey);
      render();
      await panel.load();
      if (!disposed) focusOn('report-heading');
    },
    render: () => render(),
    onLive(name, event) {
      if (name === 'reload' || event?.report_id === id) panel.load();
    },
    dispose() {
      disposed = true;
      document.removeEventListener('keydown', onKey);
    },
  };
}
