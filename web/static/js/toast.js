// Short confirmations ("Image foo deleted") in a polite live region, so that screen readers hear
// them too; they fade after a while but stay long enough to be read.

import {h} from './dom.js';

const SHOWN_MS = 6000;

export function announce(message, kind = 'success') {
  const region = document.getElementById('toasts');
  const toast = h('div', {class: ['toast', `toast-${kind}`]},
    h('span', {class: 'toast-text'}, message),
    h('button', {type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => toast.remove()}, '×'));
  region.append(toast);
  setTimeout(() => toast.remove(), SHOWN_MS);
}
