// The image catalogue: one server page at a time (offset/limit), filtered on the server by exact
// name and type, with a Delete action per image. Filters and page live in the address so that a
// reload or a bookmark shows the same rows.

import {h, fill, uid} from '../dom.js';
import * as api from '../api.js';
import {updateQuery} from '../router.js';
import {pager, pageFromQuery} from '../pager.js';
import {actionButton, badge, code, dataTable, pageHead, statusBadge} from '../ui.js';
import {count, dateTimeIso, plural, typeLabel} from '../format.js';
import {focusRowAction, pagedTable} from '../paged-table.js';
import {confirmImageDeletion, deleteUnavailable} from '../delete-image-dialog.js';
import {announce, announceDeletion} from '../toast.js';
import * as live from '../live.js';
import * as session from '../session.js';
import {navigate} from '../router.js';
import {acceptDrops, uploadDialog} from '../upload-dialog.js';

const COLUMNS = [
  {label: 'Name', className: 'col-name'},
  {label: 'ID', width: '12.5rem', className: 'col-id'},
  {label: 'Type', width: '6.5rem'},
  {label: 'Status', width: '8rem'}, // the longest status badges (available, initializing) in full
  {label: 'Versions', width: '6rem', className: 'num'},
  {label: 'Architecture', width: '8rem'},
  {label: 'Default', width: '6rem'},
  {label: 'Immutable', width: '7.5rem'},
  {label: 'Used by', width: '8.5rem'},
  {label: 'Actions', width: '6.5rem', className: 'col-actions', hiddenLabel: true},
];

export async function render({main, query, signal}) {
  let state = {...pageFromQuery(query), name: query.get('name') ?? '', type: ['container', 'vm'].includes(query.get('type')) ? query.get('type') : ''};
  const total = h('span', {class: 'page-count'}, '\u00a0');
  const table = dataTable({caption: 'Images', columns: COLUMNS, className: 'images-table'});
  const paging = pager({label: 'Images pages', onChange: ({page, size}) => load({...state, page, size})});
  const problem = h('div');
  const role = await session.role(api.status);
  const uploadBlocked = session.lacksRole(role, 'operator', 'Uploading images');
  const upload = (file, trigger) => uploadDialog({
    file, trigger,
    onUploaded: (meta) => {
      announce(`Image ${meta.name ?? ''} uploaded as version ${meta.version ?? 0}.`);
      if (meta.image_id) {
        navigate(`/images/${encodeURIComponent(meta.image_id)}`);
      } else {
        load(state);
      }
    },
  });
  const uploadButton = actionButton({label: 'Upload image', kind: 'primary', blocked: uploadBlocked,
    attrs: {dataset: {action: 'upload'}}, onclick: (event) => upload(null, event.currentTarget)});
  acceptDrops(main, (file) => upload(file, uploadButton), {allowed: () => !uploadBlocked, signal});
  const load = (next, options) => {
    state = next;
    return loadPage(next, options);
  };
  const loadPage = pagedTable({
    table, paging, problem, noun: 'Images', signal,
    fetchPage: async (s, abort) => {
      const {images, total: all} = await api.listImages({offset: (s.page - 1) * s.size, limit: s.size, name: s.name, type: s.type}, abort);
      return {items: images, total: all};
    },
    showItems: showRows,
    remember: (s) => updateQuery({name: s.name, type: s.type, page: s.page > 1 ? s.page : '', size: s.size !== 25 ? s.size : ''}),
  });

  fill(main,
    pageHead({title: 'Images', meta: total, actions: [uploadButton]}),
    filters(),
    problem,
    h('div', {class: 'panel panel-table'}, paging.element, table.element));
  table.skeleton(Math.min(state.size, 25));

  function filters() {
    const nameId = uid('filter-name');
    const nameHelp = uid('filter-name-help');
    const typeId = uid('filter-type');
    const name = h('input', {id: nameId, type: 'search', name: 'name', value: state.name, autocomplete: 'off', spellcheck: 'false',
      'aria-describedby': nameHelp});
    const type = h('select', {id: typeId, name: 'type'},
      h('option', {value: ''}, 'All types'), h('option', {value: 'container'}, 'Container'), h('option', {value: 'vm'}, 'VM'));
    type.value = state.type;
    const clear = h('button', {type: 'button', class: 'btn btn-quiet', hidden: !state.name && !state.type}, 'Clear filters');
    const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter images'},
      h('div', {class: 'field field-inline'}, h('label', {for: nameId}, 'Name'), name,
        h('span', {id: nameHelp, class: 'visually-hidden'}, 'Start of the image name; press Enter to filter.')),
      h('div', {class: 'field field-inline'}, h('label', {for: typeId}, 'Type'), type),
      h('button', {type: 'submit', class: 'btn btn-secondary'}, 'Filter'),
      clear);
    const apply = () => {
      clear.hidden = !name.value.trim() && !type.value;
      load({...state, name: name.value.trim(), type: type.value, page: 1});
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      apply();
    });
    type.addEventListener('change', apply);
    // A search field cleared with its × button or Escape shows everything again.
    name.addEventListener('search', () => {
      if (!name.value) {
        apply();
      }
    });
    clear.addEventListener('click', () => {
      name.value = '';
      type.value = '';
      apply();
      name.focus();
    });
    return form;
  }

  function showRows(images, all) {
    total.textContent = filtered() ? `${plural(all, 'match', 'matches')}` : plural(all, 'image');
    if (!images.length) {
      table.empty(filtered() ? 'No image matches these filters.' : 'No images yet.',
        filtered() ? null : h('p', {class: 'muted'}, 'Upload one with Upload image (or drop a tarball here), or with amc image add <name> <tarball>.'));
      return;
    }
    table.body.replaceChildren(...images.map(row));
  }

  function filtered() {
    return Boolean(state.name || state.type);
  }

  function row(image) {
    const versions = image.versions ?? [];
    const usedBy = image.used_by ?? [];
    return h('tr', {dataset: {imageId: image.id}},
      h('th', {scope: 'row', class: 'col-name'}, h('a', {href: `/images/${encodeURIComponent(image.id)}`}, image.name),
        image.protected ? [' ', badge('Protected', 'ok', {dataset: {protected: ''}, title: image.unprotect_at
          ? `Protected until ${dateTimeIso(image.unprotect_at)} (unprotection pending)` : 'Protected: no delete removes it'})] : null),
      h('td', {class: 'col-id'}, code(image.id)),
      h('td', {}, typeLabel(image.type)),
      h('td', {}, statusBadge(image.status)),
      h('td', {class: 'num'}, count(versions.length)),
      h('td', {}, image.architecture),
      h('td', {}, image.default ? badge('Default', 'default') : h('span', {class: 'muted'}, 'No')),
      h('td', {}, image.immutable ? badge('Immutable', 'info') : h('span', {class: 'muted'}, 'No')),
      h('td', {}, usedBy.length ? h('a', {href: `/images/${encodeURIComponent(image.id)}#used-by`}, plural(usedBy.length, 'application'))
        : h('span', {class: 'muted'}, 'None')),
      h('td', {class: 'col-actions'}, actionButton({
        label: 'Delete', accessibleName: `Delete image ${image.name}`, kind: 'danger-outline', size: 'sm',
        blocked: deleteUnavailable(image.blockers), attrs: {dataset: {action: 'delete'}},
        onclick: (event) => remove(image, event.currentTarget),
      })));
  }

  function remove(image, trigger) {
    const index = [...table.body.rows].findIndex((r) => r.dataset.imageId === image.id);
    confirmImageDeletion({
      image, trigger,
      fallbackFocus: () => table.element,
      onDeleted: ({removed, force, trashId}) => {
        announceDeletion(`Image ${image.name} and ${plural(removed.length, 'version')} deleted${force ? ' (forced)' : ''}.`,
          {trashId, what: `Image ${image.name}`, onRestored: () => signal.aborted || load(state)});
        // Rows come back from the server, so the page shows only what the server removed; focus
        // goes to the Delete button now in the same place, as the deleted row's has gone.
        load(state, {focusAfter: () => focusRowAction(table, index)});
      },
      onStale: () => load(state, {focusAfter: () => focusRowAction(table, index)}),
    });
  }

  // Any image's change may move rows; an application's changes the Used by column.
  live.watch((e) => /^(image|application)-/.test(e.action ?? ''), () => load(state), signal);
  await load(state);
  return 'Images';
}
