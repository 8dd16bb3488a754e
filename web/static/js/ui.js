// Pieces every page is made of: headings, badges, buttons that explain why they are unavailable,
// error panels and tables that keep their size while they load.

import {h, uid} from './dom.js';

/** `heading` reuses an h1 already on the page, so that focus placed on it survives a redraw. */
export function pageHead({title, heading, crumbs = [], meta = null, actions = []}) {
  const h1 = heading ?? h('h1');
  h1.textContent = title;
  return h('div', {class: 'page-head'},
    crumbs.length ? h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'},
      h('ol', {}, crumbs.map((c) => h('li', {}, c.href ? h('a', {href: c.href}, c.label) : h('span', {'aria-current': 'page'}, c.label))))) : null,
    h('div', {class: 'page-head-row'},
      h('div', {class: 'page-title'}, h1, meta),
      actions.length ? h('div', {class: 'page-actions'}, actions) : null));
}

export function badge(text, kind = 'neutral', attrs = {}) {
  return h('span', {class: ['badge', `badge-${kind}`], ...attrs}, text);
}

// available: synced from an image server but not downloaded yet, so not shown as ready like active.
const STATUS_KINDS = {active: 'ok', available: 'neutral', created: 'ok', ready: 'ok', error: 'danger', deleted: 'muted',
  initializing: 'info', queued: 'info', unknown: 'muted'};

export function statusBadge(status) {
  return badge(status ?? 'unknown', STATUS_KINDS[status] ?? 'neutral');
}

/**
 * A button; with `blocked` (a sentence) it is aria-disabled instead of disabled, so that keyboard
 * users can still reach it and hear why, and shows the sentence as a tooltip on hover and focus.
 */
export function actionButton({label, accessibleName, kind = 'secondary', size, blocked, onclick, attrs = {}}) {
  const classes = ['btn', `btn-${kind}`, size && `btn-${size}`];
  if (!blocked) {
    return h('button', {type: 'button', class: classes, 'aria-label': accessibleName, onclick, ...attrs}, label);
  }
  const reasonId = uid('why');
  const button = h('button', {
    type: 'button', class: classes, 'aria-label': accessibleName, 'aria-disabled': 'true', 'aria-describedby': reasonId,
    ...attrs,
  }, label);
  const tip = h('span', {id: reasonId, class: 'tip', role: 'tooltip'}, blocked);
  const show = () => openTip(button, tip);
  const hide = () => {
    if (!button.matches(':hover') && document.activeElement !== button) {
      tip.classList.remove('is-open');
    }
  };
  button.addEventListener('mouseenter', show);
  button.addEventListener('focus', show);
  button.addEventListener('mouseleave', hide);
  button.addEventListener('blur', hide);
  button.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      tip.classList.remove('is-open');
    }
  });
  return h('span', {class: 'has-tip'}, button, tip);
}

/**
 * Tooltips are fixed to the window, placed next to their button: inside a table that scrolls
 * sideways an absolutely placed one would be cut off, or would make the table scroll.
 */
function openTip(button, tip) {
  tip.classList.add('is-open');
  const b = button.getBoundingClientRect();
  const t = tip.getBoundingClientRect();
  const margin = 8;
  let top = b.top - t.height - margin;
  if (top < margin) {
    top = b.bottom + margin;
  }
  const left = Math.max(margin, Math.min(b.right - t.width, window.innerWidth - t.width - margin));
  tip.style.top = `${top}px`;
  tip.style.left = `${left}px`;
}

// A fixed tooltip follows its button when the page or its table scrolls (focus scrolls too).
window.addEventListener('scroll', () => {
  for (const tip of document.querySelectorAll('.tip.is-open')) {
    openTip(tip.previousElementSibling, tip);
  }
}, {capture: true, passive: true});

/** A failed load, with the server's message and a way to try again. */
export function errorPanel(error, retry) {
  return h('div', {class: 'panel error-panel', role: 'alert'},
    h('p', {class: 'error-title'}, 'This could not be loaded.'),
    h('p', {}, error.message),
    retry ? h('button', {type: 'button', class: 'btn btn-secondary', onclick: retry}, 'Try again') : null);
}

/**
 * A table with fixed column widths, so that neither columns nor the rows below move when data
 * arrives. columns: [{label, width, className, hiddenLabel}].
 */
export function dataTable({caption, columns, className}) {
  const captionEl = h('caption', {class: 'visually-hidden'}, caption);
  const body = h('tbody');
  const table = h('table', {class: ['table', className]},
    captionEl,
    h('colgroup', {}, columns.map((c) => h('col', {class: c.className, style: c.width ? {width: c.width} : null}))),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', {scope: 'col', class: c.className},
      c.hiddenLabel ? h('span', {class: 'visually-hidden'}, c.label) : c.label)))),
    body);
  // A region with a name and a tab stop, so that a narrow window's sideways scroll works from the keyboard.
  const wrap = h('div', {class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': caption}, table);
  return {
    element: wrap, table, body, caption: captionEl,
    setCaption(text) {
      captionEl.textContent = text;
      wrap.setAttribute('aria-label', text);
    },
    /** Placeholder rows of the real rows' height while the first page loads. */
    skeleton(rows) {
      body.replaceChildren(...Array.from({length: rows}, () => h('tr', {class: 'skeleton-row', 'aria-hidden': 'true'},
        columns.map((c) => h('td', {class: c.className}, h('span', {class: 'skeleton'}))))));
    },
    setBusy(busy) {
      table.setAttribute('aria-busy', String(busy));
      wrap.classList.toggle('is-loading', busy);
    },
    empty(message, extra = null) {
      body.replaceChildren(h('tr', {class: 'empty-row'}, h('td', {colspan: columns.length}, h('p', {}, message), extra)));
    },
  };
}

/** Label/value pairs for a details page. */
export function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(Boolean).map(([label, value]) => h('div', {class: 'fact'}, h('dt', {}, label), h('dd', {}, value))));
}

/** An id people may copy; monospace so that similar ids can be told apart. */
export function code(text, attrs = {}) {
  return h('code', {class: 'mono', ...attrs}, text);
}
