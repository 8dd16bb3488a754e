// Applications, one server page at a time, with the image version each one pins, a Create
// action and a Delete per application.

import {h, fill} from '../dom.js';
import * as api from '../api.js';
import {navigate, updateQuery} from '../router.js';
import {pager, pageFromQuery} from '../pager.js';
import {actionButton, badge, code, dataTable, pageHead, statusBadge} from '../ui.js';
import {count, plural} from '../format.js';
import {focusRowAction, pagedTable} from '../paged-table.js';
import {confirmApplicationDeletion, createApplicationDialog} from '../application-dialogs.js';
import {imageNames, latestVersion} from '../applications-common.js';
import {announce} from '../toast.js';
import * as session from '../session.js';
import * as live from '../live.js';

const COLUMNS = [
  {label: 'Name', className: 'col-name'},
  {label: 'ID', width: '12.5rem', className: 'col-id'},
  {label: 'Status', width: '7rem'},
  {label: 'Image', width: '16rem'},
  {label: 'Image version', width: '16rem'},
  {label: 'Versions', width: '6rem', className: 'num'},
  {label: 'Actions', width: '6.5rem', className: 'col-actions', hiddenLabel: true},
];

export async function render({main, query, signal}) {
  let state = pageFromQuery(query);
  const role = await session.role(api.status);
  const total = h('span', {class: 'page-count'}, '\u00a0');
  const table = dataTable({caption: 'Applications', columns: COLUMNS, className: 'apps-table'});
  const paging = pager({label: 'Applications pages', onChange: (next) => load(next)});
  const problem = h('div');
  const create = actionButton({
    label: 'Create application', kind: 'primary',
    blocked: session.lacksRole(role, 'operator', 'Creating applications'),
    onclick: (event) => createApplicationDialog({
      trigger: event.currentTarget,
      onCreated: (id, name) => {
        announce(`Application ${name} created.`);
        if (id) {
          navigate(`/applications/${encodeURIComponent(id)}`);
        } else {
          load(state);
        }
      },
    }),
  });

  const load = (next, options) => {
    state = next;
    return loadPage(next, options);
  };
  const loadPage = pagedTable({
    table, paging, problem, noun: 'Applications', signal,
    fetchPage: async (s, abort) => {
      const {applications, total: all} = await api.listApplications({offset: (s.page - 1) * s.size, limit: s.size}, abort);
      return {items: applications, total: all, names: await imageNames(applications, abort)};
    },
    showItems: (applications, all, s, {names}) => {
      total.textContent = plural(all, 'application');
      if (applications.length) {
        table.body.replaceChildren(...applications.map((a) => row(a, names)));
      } else {
        table.empty('No applications yet.', h('p', {class: 'muted'}, 'Create one on an image with Create application.'));
      }
    },
    remember: (s) => updateQuery({page: s.page > 1 ? s.page : '', size: s.size !== 25 ? s.size : ''}),
  });

  fill(main, pageHead({title: 'Applications', meta: total, actions: [create]}), problem,
    h('div', {class: 'panel panel-table'}, paging.element, table.element));
  table.skeleton(Math.min(state.size, 10));

  function row(application, names) {
    const latest = latestVersion(application);
    const imageId = latest?.parent_image_id ?? application.parent_image_id;
    return h('tr', {dataset: {applicationId: application.id}},
      h('th', {scope: 'row', class: 'col-name'}, h('a', {href: `/applications/${encodeURIComponent(application.id)}`}, application.name)),
      h('td', {class: 'col-id'}, code(application.id)),
      h('td', {}, statusBadge(application.status)),
      h('td', {}, imageId ? imageLink(imageId, names, latest) : h('span', {class: 'muted'}, '—')),
      h('td', {}, latest ? [`Version ${latest.parent_image_version}`, latest.parent_image_deleted ? ' ' : null,
        latest.parent_image_deleted ? badge('Deleted from catalogue', 'muted') : null] : '—'),
      h('td', {class: 'num'}, count((application.versions ?? []).length)),
      h('td', {class: 'col-actions'}, actionButton({
        label: 'Delete', accessibleName: `Delete application ${application.name}`, kind: 'danger-outline', size: 'sm',
        blocked: session.lacksRole(role, 'operator', 'Deleting applications'),
        attrs: {dataset: {action: 'delete'}},
        onclick: (event) => {
          const index = [...table.body.rows].indexOf(event.currentTarget.closest('tr'));
          confirmApplicationDeletion({
            application, trigger: event.currentTarget, fallbackFocus: () => table.element,
            onDeleted: () => {
              announce(`Application ${application.name} deleted.`);
              load(state, {focusAfter: () => focusRowAction(table, index)});
            },
          });
        },
      })));
  }

  // Applications come and go; a deleted image is marked on the rows that used it.
  live.watch((e) => /^application-/.test(e.action ?? '') || e.action === 'image-deleted'
    || e.action === 'image-version-deleted', () => load(state), signal);
  await load(state);
  return 'Applications';
}

/**
 * The image, linked while it is in the catalogue; once force-deleted, the name the server kept for
 * it (parent_image_name), or "Deleted image" when the server no longer knows it.
 */
function imageLink(imageId, names, version) {
  const name = names.get(imageId);
  if (version?.parent_image_deleted && !name) {
    return h('span', {class: 'muted', title: `Deleted image ${imageId}`, dataset: {deletedImage: ''}},
      version.parent_image_name ?? 'Deleted image');
  }
  return h('a', {href: `/images/${encodeURIComponent(imageId)}`}, name ?? imageId);
}
