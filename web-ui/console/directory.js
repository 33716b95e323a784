// Directory and devices (名录与设备): the hub. Its tabs follow the role: staff and station heads keep their
// station's deputies and kiosks; administrators also the handling units, the categories, the accounts and the
// directory's import files. Each tab is a module (`directory-<tab>.js`, `create(ctx)` → `{ load, nodes, ready }`, or a promise of it)
// drawn inside this frame through the context made here: one place for a problem (with the server's list of
// what is inconsistent) and for what was just done, steps that disable the buttons while they run, and focus.
// A load or step finishing after the person moved on never draws over the next view (`disposed`). Esc closes
// what a tab has open (its `escape()`).

import { h, fill } from '/ui/shared/dom.js';
import { t } from '/ui/shared/i18n.js';
import { problemNotice, notice, focusOn } from '/ui/shared/ui.js';

const TABS = [
  { name: 'deputies', admin: false, module: () => import('./directory-deputies.js') },
  { name: 'kiosks', admin: false, module: () => import('./directory-kiosks.js') },
  { name: 'units', admin: true, module: () => import('./directory-units.js') },
  { name: 'categories', admin: true, module: () => import('./directory-categories.js') },
  { name: 'accounts', admin: true, module: () => import('./directory-accounts.js') },
  { name: 'import', admin: true, module: () => import('./directory-import.js') },
];

export function directoryView(app, { tab, item = null }) {
  const offered = TABS.filter((x) => !x.admin || app.me.role === 'admin');
  const known = TABS.some((x) => x.name === tab);
  const entry = offered.find((x) => x.name === tab) || (known ? null : offered[0]);
  const state = { error: null, done: null, busy: false };
  let part = null;
  let disposed = false;

  const ctx = {
    app,
    item,
    get busy() {
      return state.busy;
    },
    /** Whether this view is still the one on screen. */
    get live() {
      return !disposed;
    },
    render,
    /** Clears the problem and the last notice (a form opened, say). */
    clear() {
      state.error = null;
      state.done = null;
    },
    /** A problem found on the page itself (not by the server). */
    fail(err, focusId = 'directory-problem') {
      state.error = err;
      state.done = null;
      render(focusId);
    },
    /**
     * Runs `work` with every button disabled; then says `done` (a function of what `work` gave, making words),
     * reloads the tab unless `reload` is false, and moves focus to `focus` (or the notice); a failure is shown
     * once, at the top, with focus on it. Resolves with whether it worked.
     */
    async step(work, { done = null, focus = null, reload = true } = {}) {
      state.busy = true;
      state.error = null;
      state.done = null;
      render();
      let ok = false;
      try {
        const result = await work();
        // Words made when drawn, so they follow a switch of language.
        state.done = typeof done === 'function' ? () => done(result) : done;
        ok = true;
      } catch (err) {
        state.error = err;
      }
      state.busy = false;
      if (disposed) return ok;
      if (ok && reload) await part.load();
      render(ok ? focus || (state.done ? 'directory-done' : null) : 'directory-problem');
      return ok;
    },
  };

  function problem() {
    if (!state.error) return null;
    const listed = (state.error.errors || []).filter((e) => e && e.message);
    return h('div', {},
      problemNotice(state.error, { id: 'directory-problem' }),
      listed.length ? h('ul', { class: 'problem-list', id: 'directory-problems', 'aria-label': t('dir_problems_label') },
        listed.map((e) => h('li', { class: 'user-text' }, e.message))) : null);
  }

  function body() {
    if (!entry) return h('p', { class: 'empty', id: 'directory-forbidden' }, t('forbidden_text'));
    if (!part) return h('p', { class: 'loading', role: 'status' }, t('loading'));
    return part.nodes();
  }

  function render(focusId = null) {
    if (disposed) return;
    app.setTitle(t('nav_directory'));
    app.main.dataset.state = !entry || part?.ready() ? 'ready' : 'loading';
    app.main.dataset.tab = entry?.name || '';
    fill(app.main,
      h('h1', { id: 'view-heading', tabindex: '-1' }, t('directory_title')),
      h('nav', { 'aria-label': t('directory_tabs') }, h('ul', { class: 'tabs' }, offered.map((x) => h('li', {},
        h('a', { href: `#/directory/${x.name}`, class: 'tab-link', id: `tab-${x.name}`, 'aria-current': x === entry ? 'page' : null }, t(`dir_${x.name}`)))))),
      app.takeFlash(),
      problem(),
      state.done ? notice('ok', typeof state.done === 'function' ? state.done() : state.done, { id: 'directory-done' }) : null,
      body());
    if (focusId) focusOn(focusId);
  }

  // Esc closes what a tab has open (a confirmation, a form), when it has one.
  function onKey(e) {
    if (e.key !== 'Escape' || e.altKey || e.ctrlKey || e.metaKey || state.busy) return;
    if (part?.escape?.()) e.preventDefault();
  }

  return {
    async start() {
      document.addEventListener('keydown', onKey);
      render();
      if (!entry) return;
      const module = await entry.module();
      if (disposed) return;
      const made = await module.create(ctx);
      if (disposed) return;
      part = made;
      render();
      await part.load();
    },
    render: () => render(),
    dispose() {
      disposed = true;
      document.removeEventListener('keydown', onKey);
      part?.dispose?.();
      delete app.main.dataset.tab;
    },
  };
}
