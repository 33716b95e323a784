// The directory forms' fields, built the same way everywhere: a label tied to its control, a hint and a
// problem tied by `aria-describedby`, and the value kept in a plain object as the person types (`bind`), so a
// redraw never loses what was typed. Values only ever become text or attribute values (dom.js).

import { h } from '/ui/shared/dom.js';

/** The attributes that keep `object[key]` in step with a text control. */
export function bind(object, key) {
  return { value: object[key] ?? '', oninput: (e) => { object[key] = e.target.value; } };
}

function described(id, hint, error) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-invalid` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : null;
}

/**
 * A labelled text field: `{ id, label, object, key, hint, error, type, multiline, ...attributes }` (error: the
 * words of what is wrong with it, shown under it and announced).
 */
export function field({ id, label, object, key, hint = null, error = null, type = 'text', multiline = false, ...attributes }) {
  const { value, oninput } = bind(object, key);
  const control = h(multiline ? 'textarea' : 'input', {
    id, type: multiline ? null : type, value: multiline ? null : value, oninput, ...attributes,
    'aria-invalid': error ? 'true' : null, 'aria-describedby': described(id, hint, error),
  });
  if (multiline) control.value = value;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    control,
    error ? h('p', { class: 'field-error', id: `${id}-invalid`, role: 'alert' }, error) : null);
}

/** A labelled `<select>`: `options` are `[value, words]`; the choice is kept in `object[key]`. */
export function select({ id, label, object, key, options, hint = null, error = null, onchange = null }) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('select', {
      id, 'aria-invalid': error ? 'true' : null, 'aria-describedby': described(id, hint, error),
      onchange: (e) => { object[key] = e.target.value; onchange?.(e.target.value); },
    }, options.map(([value, words]) => h('option', { value, selected: value === object[key] }, words))),
    error ? h('p', { class: 'field-error', id: `${id}-invalid`, role: 'alert' }, error) : null);
}

/**
 * A group of checkboxes (`radio: true` for one choice) in a fieldset: `options` are `[value, words]`, the
 * chosen values are the array `object[key]` (or, for radios, the value itself). `scroll` keeps a long list in
 * a box of its own.
 */
export function choices({ id, legend, object, key, options, hint = null, error = null, radio = false, scroll = false, onchange = null }) {
  const chosen = (value) => (radio ? object[key] === value : (object[key] || []).includes(value));
  const toggle = (value, on) => {
    if (radio) object[key] = value;
    else object[key] = on ? [...(object[key] || []).filter((v) => v !== value), value] : (object[key] || []).filter((v) => v !== value);
    onchange?.(value, on);
  };
  return h('fieldset', { class: `choices${scroll ? ' choices-scroll' : ''}`, id, 'aria-describedby': described(id, hint, error) },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    options.length ? h('div', { class: 'choice-list' }, options.map(([value, words]) => {
      const inputId = `${id}-${String(value).replace(/[^A-Za-z0-9_-]/g, '_')}`;
      return h('label', { class: 'choice', for: inputId },
        h('input', { type: radio ? 'radio' : 'checkbox', id: inputId, name: id, value, checked: chosen(value), onchange: (e) => toggle(value, e.target.checked) }),
        h('span', {}, words));
    })) : null,
    error ? h('p', { class: 'field-error', id: `${id}-invalid`, role: 'alert' }, error) : null);
}

/** A form's buttons: the primary `submit` and any others (`h` elements). */
export function buttons(...items) {
  return h('div', { class: 'actions' }, items);
}
