// Confirmation for deleting an image or one of its versions. It names exactly what goes, asks the
// server for a dry run (with and without force) and shows its answer: what would be removed, or
// which rule refuses it. Force is offered only when the server says force alone would make the
// delete succeed, and the delete is sent with the image's ETag, so it removes only what was shown.

import {h, uid} from './dom.js';
import * as api from './api.js';
import {openDialog} from './dialog.js';
import {bytes, dateTime, plural, sentence, shortFingerprint, typeNoun} from './format.js';

const SHOWN_VERSIONS = 20;

/**
 * Rules whose blocker on the page may be out of date by the time anyone clicks: whether the default
 * may go depends on the other images of its type, and an upload's hold ends on its own. Their
 * Delete opens the dialog, which asks the server again.
 */
const ASK_AGAIN = new Set(['image_is_default', 'image_busy']);

/**
 * Why Delete is unavailable, from the blockers the server put on the image or version (what a
 * delete would meet now, for this session): those that force cannot lift, in the server's words;
 * null when the dialog is the place to show what the server says.
 */
export function deleteUnavailable(blockers) {
  const lasting = (blockers ?? []).filter((b) => !b.force_lifts && !ASK_AGAIN.has(b.reason));
  return lasting.length ? lasting.map((b) => sentence(b.message)).join(' ') : null;
}

/**
 * image: {id, name, type}; version: a number for one version, undefined for the whole image.
 * onDeleted({force, removed, trashId}) runs after the server has deleted; onStale() when the dialog found
 * the image or version already gone, so the page should reload what it shows.
 */
export function confirmImageDeletion({image, version, trigger, fallbackFocus, onDeleted, onStale}) {
  const whole = version === undefined || version === null;
  const title = whole ? `Delete image ${image.name}?` : `Delete version ${version} of ${image.name}?`;
  let stale = false;
  let state = null;

  const dialog = openDialog({
    title, className: 'dialog-delete', returnFocus: trigger, fallbackFocus, onSubmit: submit,
    onClose: () => {
      if (stale) {
        onStale?.();
      }
    },
  });
  const errorBox = h('div', {class: 'dialog-error', role: 'alert'});
  const content = h('div', {class: 'dialog-content', 'aria-live': 'polite'});
  const cancel = h('button', {type: 'button', class: 'btn btn-secondary', onclick: () => dialog.close()}, 'Cancel');
  const confirm = h('button', {type: 'submit', class: 'btn btn-danger', disabled: true},
    whole ? 'Delete image' : `Delete version ${version}`);
  dialog.body.append(errorBox, content);
  dialog.footer.append(cancel, confirm);
  load();

  async function load() {
    content.replaceChildren(h('p', {class: 'muted loading-line'}, 'Asking the server what this would remove…'));
    confirm.disabled = true;
    try {
      const [current, plain, forced] = await Promise.all([
        api.getImage(image.id),
        api.deletionDryRun(image.id, {version}),
        api.deletionDryRun(image.id, {version, force: true}),
      ]);
      state = {etag: current.etag, plain, forced};
      show(plain, forced);
    } catch (e) {
      if (e.reason === 'not_found') {
        stale = true;
      }
      state = null;
      content.replaceChildren(h('p', {class: 'notice notice-danger'}, sentence(e.message)));
      showOnlyClose();
    }
  }

  function show(plain, forced) {
    const removes = plain.removes ?? [];
    const children = [h('p', {class: 'lead'}, lead(plain, removes)), removalList(removes)];
    let forceBox = null;
    if (!plain.allowed) {
      children.push(refusal(plain, dialog));
    }
    if (!plain.allowed && plain.force_would_help) {
      forceBox = forceOption(plain, forced);
      children.push(forceBox.element);
    }
    content.replaceChildren(...children);

    const update = () => {
      confirm.disabled = !(plain.allowed || forceBox?.input.checked);
    };
    forceBox?.input.addEventListener('change', update);
    update();
    if (plain.allowed || forceBox) {
      confirm.hidden = false;
      cancel.textContent = 'Cancel';
    } else {
      showOnlyClose();
    }
    // Focus starts on Cancel while the dry run runs; now put it where the next step is.
    if (document.activeElement === cancel || document.activeElement === dialog.element) {
      (plain.allowed ? confirm : forceBox ? forceBox.input : cancel).focus();
    }
  }

  function showOnlyClose() {
    confirm.hidden = true;
    confirm.disabled = true;
    cancel.textContent = 'Close';
    cancel.focus();
  }

  function lead(plain, removes) {
    const name = h('strong', {}, image.name);
    const verb = plain.allowed || plain.force_would_help ? 'This removes' : 'This would remove';
    if (!whole) {
      return [`${verb} version ${version} of `, name, '.'];
    }
    const versions = removes.length === 1 ? 'its only version' : `all its ${plural(removes.length, 'version')}`;
    return [`${verb} the ${typeNoun(image.type)} image `, name, ` and ${versions}.`];
  }

  async function submit() {
    if (!state || confirm.disabled) {
      return;
    }
    const force = Boolean(content.querySelector('input[name="force"]')?.checked);
    const report = force ? state.forced : state.plain;
    dialog.setBusy(true);
    const label = confirm.textContent;
    confirm.disabled = true;
    cancel.disabled = true;
    confirm.textContent = 'Deleting…';
    errorBox.replaceChildren();
    try {
      const done = await api.deleteImage(image.id, {version, force, etag: state.etag});
      dialog.close();
      // trash_id: where the recycle bin keeps it, absent when the bin is off (docs/trash.md).
      onDeleted?.({force, removed: report.removes ?? [], keptBy: report.kept_by_applications ?? [],
        trashId: done?.metadata?.trash_id ?? null});
    } catch (e) {
      // Nothing was removed: say why, and check again what the delete would do now.
      const changed = e.status === 412 ? ' It changed while this dialog was open; here is what a delete would do now.' : '';
      errorBox.replaceChildren(h('p', {class: 'notice notice-danger'}, h('strong', {}, 'Not deleted. '), sentence(e.message) + changed));
      confirm.textContent = label;
      cancel.disabled = false;
      dialog.setBusy(false);
      await load();
    } finally {
      dialog.setBusy(false);
      cancel.disabled = false;
    }
  }
}

function removalList(removes) {
  if (!removes.length) {
    return null;
  }
  const shown = removes.slice(0, SHOWN_VERSIONS);
  return h('div', {class: 'removal'},
    h('h3', {class: 'subhead'}, 'To be removed'),
    h('ul', {class: 'removal-list'}, shown.map((v) => h('li', {},
      h('span', {class: 'removal-version'}, `Version ${v.version}`),
      h('code', {class: 'mono', title: v.fingerprint}, shortFingerprint(v.fingerprint)),
      h('span', {}, bytes(v.size)),
      h('span', {class: 'muted'}, dateTime(v.created_at))))),
    removes.length > shown.length ? h('p', {class: 'muted'}, `and ${plural(removes.length - shown.length, 'more version')}`) : null);
}

/** The server's reasons, each with what the operator can do about it. */
function refusal(plain, dialog) {
  const forceable = plain.force_would_help;
  return h('div', {class: ['notice', forceable ? 'notice-warning' : 'notice-danger']},
    h('h3', {class: 'subhead'}, forceable ? 'Only with force' : 'The server refuses this deletion'),
    (plain.blockers ?? []).map((b) => h('div', {class: 'blocker', dataset: {code: b.code}},
      h('p', {}, sentence(b.reason)),
      b.code === 'image_is_default' ? h('p', {},
        h('a', {href: `/images?type=${encodeURIComponent(plain.image.type)}`, onclick: () => dialog.close()},
          `Choose another ${typeNoun(plain.image.type)} image to make default`)) : null,
      b.applications?.length ? applicationLinks(b.applications, dialog) : null)));
}

function applicationLinks(applications, dialog) {
  return h('ul', {class: 'app-links', 'aria-label': 'Applications using it'},
    applications.map((a) => h('li', {}, h('a', {href: `/applications/${encodeURIComponent(a.id)}`, onclick: () => dialog.close()}, a.name))));
}

/** The Force checkbox, with what force does to this particular delete. */
function forceOption(plain, forced) {
  const id = uid('force');
  const descId = uid('force-desc');
  const kept = forced.kept_by_applications ?? [];
  const lines = [];
  const codes = new Set((plain.blockers ?? []).map((b) => b.code));
  if (kept.length) {
    const names = kept.map((a) => a.name).join(', ');
    lines.push(`${kept.length === 1 ? 'The application' : 'The applications'} ${names} keep${kept.length === 1 ? 's' : ''} ${kept.length === 1 ? 'its' : 'their'} own copy and keep${kept.length === 1 ? 's' : ''} working, but cannot move to newer versions of this image.`);
  }
  if (codes.has('image_immutable')) {
    lines.push('The image is immutable (synced from the image server); force removes it from the catalogue anyway.');
  }
  const input = h('input', {type: 'checkbox', id, name: 'force', 'aria-describedby': descId});
  return {
    input,
    element: h('div', {class: 'force-option'},
      h('div', {class: 'check'}, input, h('label', {for: id}, 'Force: delete it anyway')),
      h('p', {id: descId, class: 'field-help'}, lines.join(' '))),
  };
}
