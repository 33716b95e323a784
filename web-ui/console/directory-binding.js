// A deputy's one-time binding code (`POST /api/v1/deputies/{code}/binding-codes`), made from the deputies list or
// a deputy's page: shown once, large, with its QR code (an SVG from the server, shown through an object URL) to
// hand over or print; only the code is printed.

import { h } from '/ui/shared/dom.js';
import { t, pick, formatDateTime } from '/ui/shared/i18n.js';

export const CODE_RE = /^[A-Za-z0-9._-]{1,64}$/;

export function bindingCodes(ctx) {
  let made = null;
  let qrUrl = null;

  return {
    /** Makes a code for deputy `d` (`{ code, name }`), as one step of the page. */
    make(d) {
      return ctx.step(async () => {
        const answer = await ctx.app.session.call(`/api/v1/deputies/${encodeURIComponent(d.code)}/binding-codes`, { method: 'POST', json: {} });
        if (qrUrl) URL.revokeObjectURL(qrUrl);
        qrUrl = URL.createObjectURL(new Blob([answer.qr_svg], { type: 'image/svg+xml' }));
        made = { name: pick(d.name), ...answer };
      }, { focus: 'made-code' });
    },
    forget() {
      made = null;
    },
    nodes() {
      if (!made) return null;
      return h('section', { class: 'panel made', 'aria-labelledby': 'made-title' },
        h('h2', { id: 'made-title' }, t('binding_made', { name: made.name })),
        h('p', { class: 'receipt-code', id: 'made-code', tabindex: '-1' }, made.binding_code),
        qrUrl ? h('img', { src: qrUrl, alt: t('binding_qr_alt'), class: 'receipt-qr', id: 'binding-qr', width: '180', height: '180' }) : null,
        h('p', { class: 'hint' }, t('binding_how', { until: formatDateTime(made.expires_at) })),
        h('div', { class: 'actions no-print' }, h('button', { type: 'button', class: 'btn', id: 'made-print', onclick: () => window.print() }, t('binding_print'))));
    },
    dispose() {
      if (qrUrl) URL.revokeObjectURL(qrUrl);
      qrUrl = null;
    },
  };
}
