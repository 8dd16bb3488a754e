// Short confirmations ("Image foo deleted") in a polite live region, so that screen readers hear
// them too; they fade after a while but stay long enough to be read. A delete's toast offers Undo
// (the recycle bin's restore, docs/trash.md) while the server says the delete can be undone.

import {h} from './dom.js';
import * as api from './api.js';
import {sentence} from './format.js';

const SHOWN_MS = 6000;
// Long enough to notice a mistake and reach the button; hovering or focusing the toast holds it.
const UNDO_SHOWN_MS = 15000;

export function announce(message, kind = 'success', {action, shownMs = SHOWN_MS} = {}) {
  const region = document.getElementById('toasts');
  const text = h('span', {class: 'toast-text'}, message);
  const toast = h('div', {class: ['toast', `toast-${kind}`]}, text,
    action ? h('button', {type: 'button', class: 'toast-action', dataset: {action: action.name ?? ''},
      onclick: (event) => action.onclick(event.currentTarget, handle)}, action.label) : null,
    h('button', {type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => toast.remove()}, '×'));
  let timer = null;
  const fade = (ms) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (toast.matches(':hover') || toast.contains(document.activeElement)) {
        fade(1000);
      } else {
        toast.remove();
      }
    }, ms);
  };
  const handle = {
    element: toast,
    hold: () => clearTimeout(timer),
    /** Replaces the message (and the kind), drops the action and fades as a plain toast does. */
    settle(next, nextKind = 'success') {
      text.textContent = next;
      toast.className = `toast toast-${nextKind}`;
      toast.querySelector('.toast-action')?.remove();
      fade(SHOWN_MS);
    },
  };
  region.append(toast);
  fade(action ? Math.max(shownMs, UNDO_SHOWN_MS) : shownMs);
  return handle;
}

/**
 * The toast after a delete. `trashId` is the delete operation's `trash_id`: with it the toast
 * offers Undo, which restores that entry and then says it came back, or shows the server's
 * refusal as given; without it (AMS_TRASH_RETENTION=0) the delete cannot be undone and there is
 * no Undo. `what` names what was deleted ("Image foo", "Version 2 of foo"); `onRestored` lets the
 * page re-read what it shows.
 */
export function announceDeletion(message, {trashId, what, onRestored} = {}) {
  if (!trashId) {
    return announce(message);
  }
  return announce(message, 'success', {
    action: {
      label: 'Undo', name: 'undo',
      onclick: async (button, toast) => {
        toast.hold();
        button.disabled = true;
        button.textContent = 'Restoring…';
        try {
          await api.restoreTrash(trashId);
          toast.settle(`${what} is back.`);
          onRestored?.();
        } catch (e) {
          toast.settle(`${what} was not restored: ${sentence(e.message)}`, 'error');
        }
      },
    },
  });
}
