// The recycle bin (docs/trash.md): what deletes moved there, newest first, one server page at a
// time, with Restore and Purge per entry. Restore and Purge need the role the server names for
// them; every refusal is shown as the server gives it.

import {h, fill, uid} from '../dom.js';
import * as api from '../api.js';
import * as session from '../session.js';
import {updateQuery} from '../router.js';
import {pager, pageFromQuery} from '../pager.js';
import {actionButton, badge, code, dataTable, pageHead} from '../ui.js';
import {bytes, dateTimeIso, plural, sentence, shortFingerprint, timeLeft, typeLabel, typeNoun} from '../format.js';
import {focusRowAction, pagedTable} from '../paged-table.js';
import {openDialog} from '../dialog.js';
import {announce} from '../toast.js';
import * as live from '../live.js';

const COLUMNS = [
  {label: 'What', className: 'col-name'},
  {label: 'Type', width: '6.5rem'},
  {label: 'Version', width: '10rem'},
  {label: 'Deleted', width: '13rem'},
  {label: 'Forced', width: '5.5rem'},
  {label: 'Purged in', width: '9rem'},
  {label: 'Size', width: '6.5rem', className: 'num'},
  {label: 'Actions', width: '12rem', className: 'col-actions', hiddenLabel: true},
];

/** What comes and goes from the bin: deletes put entries in, restores and purges take them out. */
const BIN_EVENTS = new Set(['image-deleted', 'image-version-deleted', 'image-restored', 'image-version-restored', 'trash-purged']);

export async function render({main, query, signal}) {
  const heading = h('h1', {}, 'Recycle bin');
  fill(main, h('div', {class: 'page-head'}, heading), h('p', {class: 'muted loading-line'}, 'Loading the recycle bin…'));
  const role = await session.role(api.status);
  // Restoring is a delete's undo and needs the role deleting needs; purging needs an admin too.
  const restoreBlocked = session.lacksRole(role, 'admin', 'Restoring from the recycle bin');
  const purgeBlocked = session.lacksRole(role, 'admin', 'Purging the recycle bin');

  let state = pageFromQuery(query);
  const total = h('span', {class: 'page-count'}, '\u00a0');
  const table = dataTable({caption: 'Recycle bin', columns: COLUMNS, className: 'trash-table'});
  const paging = pager({label: 'Recycle bin pages', onChange: (next) => load({...state, ...next})});
  const problem = h('div');
  const load = (next, options) => {
    state = next;
    return loadPage(next, options);
  };
  const loadPage = pagedTable({
    table, paging, problem, noun: 'Recycle bin entries', signal,
    fetchPage: (s, abort) => api.listTrash({offset: (s.page - 1) * s.size, limit: s.size}, abort),
    showItems: (items, all) => {
      total.textContent = plural(all, 'entry', 'entries');
      if (items.length) {
        table.body.replaceChildren(...items.map(row));
      } else {
        table.empty('The recycle bin is empty.',
          h('p', {class: 'muted'}, 'Deleted images and versions stay here for a while, so that a delete can be undone.'));
      }
    },
    remember: (s) => updateQuery({page: s.page > 1 ? s.page : '', size: s.size !== 25 ? s.size : ''}),
  });

  fill(main, pageHead({title: 'Recycle bin', heading, meta: total}),
    h('p', {class: 'muted page-intro'}, 'Deleted images and image versions, until the server purges them. Restore brings one back with its id, version numbers and content.'),
    problem, h('div', {class: 'panel panel-table'}, paging.element, table.element));
  table.skeleton(Math.min(state.size, 10));

  function row(item) {
    const whole = item.kind === 'image';
    return h('tr', {dataset: {trashId: item.id, kind: item.kind}},
      h('th', {scope: 'row', class: 'col-name'}, what(item)),
      h('td', {}, typeLabel(item.type)),
      h('td', {}, whole
        ? plural((item.versions ?? []).length, 'version')
        : [`Version ${item.version}`, ' ', code(shortFingerprint(item.fingerprint), {title: item.fingerprint ?? ''})]),
      h('td', {}, h('time', {datetime: item.deleted_at}, dateTimeIso(item.deleted_at)),
        h('div', {class: 'muted'}, `by ${item.deleted_by || 'unknown'}`)),
      h('td', {}, item.forced ? badge('Forced', 'accent') : h('span', {class: 'muted'}, 'No')),
      h('td', {dataset: {purgeIn: ''}}, h('time', {datetime: item.purge_at, title: dateTimeIso(item.purge_at)}, timeLeft(item.purge_at))),
      h('td', {class: 'num'}, bytes(item.size)),
      h('td', {class: 'col-actions'}, h('div', {class: 'row-actions'},
        actionButton({label: 'Restore', accessibleName: `Restore ${label(item)}`, kind: 'secondary', size: 'sm',
          blocked: restoreBlocked, attrs: {dataset: {action: 'restore'}}, onclick: (event) => restore(item, event.currentTarget)}),
        actionButton({label: 'Purge', accessibleName: `Purge ${label(item)}`, kind: 'danger-outline', size: 'sm',
          blocked: purgeBlocked, attrs: {dataset: {action: 'purge'}}, onclick: (event) => purge(item, event.currentTarget)}))));
  }

  function restore(item, trigger) {
    const index = rowIndex(item);
    restoreDialog({item, trigger, fallbackFocus: () => table.element,
      onRestored: (name) => {
        announce(`${capital(label(item, name))} restored.`);
        load(state, {focusAfter: () => focusRowAction(table, index, 'restore')});
      },
      onGone: () => load(state)});
  }

  function purge(item, trigger) {
    const index = rowIndex(item);
    purgeDialog({item, trigger, fallbackFocus: () => table.element,
      onPurged: () => {
        announce(`${capital(label(item))} purged from the recycle bin.`);
        load(state, {focusAfter: () => focusRowAction(table, index, 'purge')});
      },
      onGone: () => load(state)});
  }

  function rowIndex(item) {
    return [...table.body.rows].findIndex((r) => r.dataset.trashId === item.id);
  }

  live.watch((e) => BIN_EVENTS.has(e.action ?? ''), () => load(state), signal);
  await load(state);
  return 'Recycle bin';
}

/** "image foo" or "version 2 of foo" (under `name` when restored under another). */
function label(item, name = item.name) {
  return item.kind === 'image' ? `image ${name}` : `version ${item.version} of ${name}`;
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function what(item) {
  if (item.kind === 'image') {
    return [h('span', {class: 'trash-name'}, item.name), ' ', badge('Image', 'muted')];
  }
  // A binned version's image is still in the catalogue (unless deleted since): link to it.
  return [h('a', {href: `/images/${encodeURIComponent(item.image_id)}`, class: 'trash-name'}, item.name), ' ',
    badge('Version', 'muted')];
}

function describe(item) {
  const versions = item.versions ?? [];
  return item.kind === 'image'
    ? [`The ${typeNoun(item.type)} image `, h('strong', {}, item.name), ` and its ${plural(versions.length, 'version')} (${bytes(item.size)}), deleted ${dateTimeIso(item.deleted_at)} by ${item.deleted_by || 'unknown'}${item.forced ? ' with force' : ''}.`]
    : ['Version ', String(item.version), ' of ', h('strong', {}, item.name), ` (${bytes(item.size)}), deleted ${dateTimeIso(item.deleted_at)} by ${item.deleted_by || 'unknown'}${item.forced ? ' with force' : ''}.`];
}

/**
 * Restore: what comes back, then the server's answer. When the server says the name was taken
 * since the delete (name_taken), the dialog shows its message and offers a new name, which the
 * server checks; any other refusal is shown as the server gives it.
 */
function restoreDialog({item, trigger, fallbackFocus, onRestored, onGone}) {
  let gone = false;
  let nameField = null;
  const dialog = openDialog({title: `Restore ${label(item)}?`, className: 'dialog-restore', returnFocus: trigger, fallbackFocus,
    onSubmit: submit, onClose: () => gone && onGone?.()});
  const errorBox = h('div', {class: 'dialog-error', role: 'alert'});
  const extra = h('div');
  const cancel = h('button', {type: 'button', class: 'btn btn-secondary', onclick: () => dialog.close()}, 'Cancel');
  const confirm = h('button', {type: 'submit', class: 'btn btn-primary'}, 'Restore');
  dialog.body.append(h('p', {class: 'lead'}, describe(item)),
    h('p', {class: 'muted'}, item.kind === 'image'
      ? 'It comes back with its id, its version numbers and its content; applications built from it use it again.'
      : 'It comes back into its image with its version number and content.'),
    errorBox, extra);
  dialog.footer.append(cancel, confirm);
  confirm.focus();

  async function submit() {
    const name = nameField ? nameField.value.trim() : undefined;
    dialog.setBusy(true);
    confirm.disabled = true;
    cancel.disabled = true;
    const text = confirm.textContent;
    confirm.textContent = 'Restoring…';
    errorBox.replaceChildren();
    try {
      const done = await api.restoreTrash(item.id, {name});
      dialog.close();
      onRestored?.(done?.metadata?.name ?? name ?? item.name);
    } catch (e) {
      confirm.textContent = text;
      confirm.disabled = false;
      cancel.disabled = false;
      dialog.setBusy(false);
      refused(e);
    } finally {
      dialog.setBusy(false);
    }
  }

  function refused(e) {
    errorBox.replaceChildren(h('p', {class: 'notice notice-danger', dataset: {reason: e.reason ?? ''}},
      h('strong', {}, 'Not restored. '), sentence(e.message)));
    if (e.reason === 'name_taken' && item.kind === 'image') {
      offerName(e);
      return;
    }
    if (e.reason === 'not_found') {
      gone = true;
    }
    if (!nameField) {
      confirm.hidden = true;
      cancel.textContent = 'Close';
      cancel.focus();
    } else {
      nameField.focus();
    }
  }

  function offerName(e) {
    if (nameField) {
      nameField.focus();
      nameField.select();
      return;
    }
    const id = uid('restore-name');
    const help = uid('restore-name-help');
    nameField = h('input', {id, name: 'name', type: 'text', autocomplete: 'off', spellcheck: 'false', required: true,
      value: `${e.metadata?.name ?? item.name}-restored`, 'aria-describedby': help});
    extra.replaceChildren(h('div', {class: 'field'},
      h('label', {for: id}, 'Restore under another name'), nameField,
      h('p', {id: help, class: 'field-help'}, `The image keeps its id; only its name changes. Another ${typeNoun(item.type)} image has the name ${item.name} now.`)));
    confirm.textContent = 'Restore under this name';
    nameField.focus();
    nameField.select();
  }
}

/** Purge: the entry and, unless something else still uses it, its content go for good. */
function purgeDialog({item, trigger, fallbackFocus, onPurged, onGone}) {
  let gone = false;
  const dialog = openDialog({title: `Purge ${label(item)}?`, className: 'dialog-delete', returnFocus: trigger, fallbackFocus,
    onSubmit: submit, onClose: () => gone && onGone?.()});
  const errorBox = h('div', {class: 'dialog-error', role: 'alert'});
  const cancel = h('button', {type: 'button', class: 'btn btn-secondary', onclick: () => dialog.close()}, 'Cancel');
  const confirm = h('button', {type: 'submit', class: 'btn btn-danger'}, 'Purge');
  dialog.body.append(h('p', {class: 'lead'}, describe(item)),
    h('p', {class: 'notice notice-warning'}, 'Purging cannot be undone: the entry leaves the recycle bin and its content is freed unless something else still uses it.'),
    errorBox);
  dialog.footer.append(cancel, confirm);
  cancel.focus();

  async function submit() {
    dialog.setBusy(true);
    confirm.disabled = true;
    cancel.disabled = true;
    confirm.textContent = 'Purging…';
    errorBox.replaceChildren();
    try {
      await api.purgeTrash(item.id);
      dialog.close();
      onPurged?.();
    } catch (e) {
      gone = e.reason === 'not_found';
      errorBox.replaceChildren(h('p', {class: 'notice notice-danger', dataset: {reason: e.reason ?? ''}},
        h('strong', {}, 'Not purged. '), sentence(e.message)));
      confirm.hidden = true;
      cancel.disabled = false;
      cancel.textContent = 'Close';
      dialog.setBusy(false);
      cancel.focus();
    }
  }
}
