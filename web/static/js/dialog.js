// A modal dialog on the native <dialog> element: it traps focus and closes on Escape by itself.
// This adds what the native one leaves out: Enter confirms from any field (checkboxes too), Escape
// waits while a request is in flight, and focus goes back to the control that opened the dialog.

import {h, uid} from './dom.js';

/**
 * Opens a dialog whose body is a form. `onSubmit(dialog)` runs on Enter or the submit button;
 * `returnFocus` is focused after closing, or `fallbackFocus()` when it has left the page.
 * Returns a handle: {element, form, body, footer, close(), setBusy(bool)}.
 */
export function openDialog({title, className, returnFocus = document.activeElement, fallbackFocus, onSubmit, onClose}) {
  const titleId = uid('dialog-title');
  const body = h('div', {class: 'dialog-body'});
  const footer = h('div', {class: 'dialog-footer'});
  const form = h('form', {method: 'dialog', novalidate: true}, h('h2', {id: titleId, class: 'dialog-title'}, title), body, footer);
  const element = h('dialog', {class: ['dialog', className], 'aria-labelledby': titleId}, form);
  let busy = false;

  const handle = {
    element, form, body, footer, titleId,
    get busy() {
      return busy;
    },
    setBusy(value) {
      busy = value;
      element.setAttribute('aria-busy', String(value));
    },
    close() {
      busy = false;
      element.close();
    },
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!busy && onSubmit) {
      onSubmit(handle);
    }
  });
  form.addEventListener('keydown', (event) => {
    // Browsers submit on Enter only from text fields; a dialog is confirmed with Enter from anywhere
    // but a button (which Enter activates) or a link (which Enter follows).
    const target = event.target;
    if (event.key === 'Enter' && target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  element.addEventListener('cancel', (event) => {
    if (busy) {
      event.preventDefault();
    }
  });
  element.addEventListener('close', () => {
    element.remove();
    onClose?.();
    const target = returnFocus && returnFocus.isConnected ? returnFocus : fallbackFocus?.();
    target?.focus();
  });

  document.body.append(element);
  element.showModal();
  return handle;
}
