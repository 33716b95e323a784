// Signing in by WeCom or WeChat from then on: inside one of those apps, the deputy's own page offers to tie
// the app's identity to the account (its OAuth once more, then `POST /api/v1/me/identities`), and says when it
// is tied (`GET /api/v1/me/identities`). Outside those apps there is nothing to tie, and nothing is shown.

import { h } from '/ui/shared/dom.js';
import { request } from '/ui/shared/api.js';
import { t } from '/ui/shared/i18n.js';
import { problemNotice } from '/ui/shared/ui.js';
import { inAppProvider, startOAuth } from './signin.js';

export function identitiesModel(app) {
  const state = { appId: null, tied: [], loaded: false };
  const provider = inAppProvider();

  async function load() {
    if (!provider) return;
    try {
      const methods = await request('/api/v1/auth/methods');
      state.appId = provider === 'wecom' ? methods.wecom?.corp_id ?? null : methods.wechat_oa?.app_id ?? null;
      state.tied = state.appId ? (await app.session.call('/api/v1/me/identities')).items.map((i) => i.provider) : [];
    } catch {
      state.appId = null;
    }
    state.loaded = true;
  }

  /** The section's contents, or null when there is nothing to offer here. */
  function view() {
    if (!provider || !state.loaded || !state.appId) return null;
    const name = t(`app_${provider}`);
    const problem = app.tieProblem;
    app.tieProblem = null;
    return [
      state.tied.includes(provider)
        ? h('p', { id: 'tie-state' }, t('tie_active', { app: name }))
        : h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary', id: 'tie-oauth',
          onclick: () => startOAuth(app, provider, state.appId, 'tie') }, t('tie_offer', { app: name }))),
      problem ? problemNotice(problem, { id: 'tie-problem' }) : null,
    ];
  }

  return { load, view };
}
