// One application: its fields, the image version it pins (and whether that version has since
// been force-deleted from the catalogue), its versions with their image, published state and
// status, and the actions: Publish or Revoke and Delete on each version, Delete in the header.
// Whether each action is available, and why not, is the server's (the blockers it puts on the
// application and each version); a refusal shows the server's message.

import {h, fill} from '../dom.js';
import * as api from '../api.js';
import {navigate} from '../router.js';
import {actionButton, badge, code, dataTable, errorPanel, facts, pageHead, statusBadge} from '../ui.js';
import {count, dateTime, isoDate, sentence} from '../format.js';
import {confirmApplicationDeletion, confirmApplicationVersionDeletion} from '../application-dialogs.js';
import {deleteUnavailable} from '../delete-image-dialog.js';
import {imageNames, latestVersion} from '../applications-common.js';
import {announce} from '../toast.js';

const VERSION_COLUMNS = [
  {label: 'Version', width: '7rem'},
  {label: 'Image'},
  {label: 'Image version', width: '14rem'},
  {label: 'Published', width: '7rem'},
  {label: 'Status', width: '7rem'},
  {label: 'Created', width: '13rem'},
  {label: 'Actions', width: '13rem', className: 'col-actions'},
];

/** The server's reasons against publishing or revoking, as one sentence; null when there are none. */
function publishUnavailable(version) {
  const blockers = version.publish_blockers ?? [];
  return blockers.length ? blockers.map((b) => sentence(b.message)).join(' ') : null;
}

export async function render({main, params: [id], signal}) {
  const heading = h('h1', {}, 'Application');
  fill(main, h('div', {class: 'page-head'}, heading), h('p', {class: 'muted loading-line'}, 'Loading the application…'));
  return load();

  async function load() {
    let application;
    let names;
    try {
      application = await api.getApplication(id, signal);
      names = await imageNames([application], signal);
    } catch (e) {
      if (e.name === 'AbortError') {
        throw e;
      }
      const missing = e.reason === 'not_found';
      fill(main, pageHead({title: missing ? 'Application not found' : 'Application', heading,
        crumbs: [{label: 'Applications', href: '/applications'}, {label: id}]}),
      missing
        ? h('div', {class: 'panel empty-state'}, h('p', {}, sentence(e.message)), h('p', {}, h('a', {href: '/applications'}, 'Back to the applications')))
        : errorPanel(e, () => load()));
      return 'Application';
    }
    show(application, names);
    return application.name;
  }

  function show(application, names) {
    const latest = latestVersion(application);
    const versions = [...(application.versions ?? [])].sort((a, b) => b.number - a.number);
    const remove = actionButton({
      label: 'Delete application', kind: 'danger',
      blocked: deleteUnavailable(application.blockers),
      onclick: (event) => confirmApplicationDeletion({
        application, trigger: event.currentTarget,
        onDeleted: () => {
          announce(`Application ${application.name} deleted.`);
          navigate('/applications');
        },
      }),
    });
    const table = dataTable({caption: `Versions of ${application.name}`, columns: VERSION_COLUMNS, className: 'app-versions-table'});
    table.body.replaceChildren(...versions.map((v) => h('tr', {dataset: {version: String(v.number)}},
      h('th', {scope: 'row'}, `Version ${v.number}`),
      h('td', {}, imageRef(v, names)),
      h('td', {}, pin(v)),
      h('td', {dataset: {published: String(v.published)}},
        v.published ? badge('Published', 'ok') : badge('Not published', 'muted')),
      h('td', {}, statusBadge(v.status)),
      h('td', {}, h('time', {datetime: isoDate(v.created_at)}, dateTime(v.created_at))),
      h('td', {class: 'col-actions'}, versionActions(application, v)))));

    /** Where focus goes after the page is drawn again: the same action on the same version, if it is still there. */
    function reload(number, action) {
      load().then(() => (main.querySelector(`tr[data-version="${number}"] [data-action="${action}"]`)
        ?? main.querySelector('#app-versions-title'))?.focus());
    }

    function versionActions(app, v) {
      const publish = v.published ? 'revoke' : 'publish';
      const toggle = actionButton({
        label: v.published ? 'Revoke' : 'Publish', size: 'sm', kind: 'secondary',
        accessibleName: `${v.published ? 'Revoke' : 'Publish'} version ${v.number} of ${app.name}`,
        blocked: publishUnavailable(v), attrs: {dataset: {action: publish}},
        onclick: async (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          try {
            await api.setVersionPublished(app.id, v.number, !v.published);
            announce(`Version ${v.number} of ${app.name} ${v.published ? 'revoked' : 'published'}.`);
            reload(v.number, v.published ? 'publish' : 'revoke');
          } catch (e) {
            button.disabled = false;
            announce(`Version ${v.number} not ${v.published ? 'revoked' : 'published'}: ${sentence(e.message)}`, 'error');
          }
        },
      });
      const remove = actionButton({
        label: 'Delete', size: 'sm', kind: 'danger-outline',
        accessibleName: `Delete version ${v.number} of ${app.name}`,
        blocked: deleteUnavailable(v.blockers), attrs: {dataset: {action: 'delete-version'}},
        onclick: (event) => confirmApplicationVersionDeletion({
          application: app, version: v, trigger: event.currentTarget, fallbackFocus: () => table.element,
          onDeleted: ({force}) => {
            announce(`Version ${v.number} of ${app.name} deleted${force ? ' (forced)' : ''}.`);
            reload(v.number, 'delete-version');
          },
        }),
      });
      return h('div', {class: 'row-actions'}, toggle, ' ', remove);
    }

    fill(main,
      pageHead({
        title: application.name, heading,
        crumbs: [{label: 'Applications', href: '/applications'}, {label: application.name}],
        meta: h('span', {class: 'badges'}, statusBadge(application.status), application.vm ? badge('VM', 'info') : null),
        actions: [remove],
      }),
      h('section', {class: 'panel', 'aria-labelledby': 'app-facts'},
        h('h2', {id: 'app-facts', class: 'section-title'}, 'Details'),
        facts([
          ['ID', code(application.id)],
          ['Status', application.status],
          ['Image', latest ? imageRef(latest, names) : '—'],
          ['Pinned image version', latest ? pin(latest) : '—'],
          ['Created', h('time', {datetime: isoDate(application.created_at)}, dateTime(application.created_at))],
          ['Versions', count(versions.length)],
        ]),
        latest?.parent_image_deleted ? h('p', {class: 'notice notice-info'},
          'The image version this application runs was force-deleted from the catalogue. The application keeps its own copy and keeps working, but cannot move to newer versions of that image.') : null),
      h('section', {class: 'panel panel-table', 'aria-labelledby': 'app-versions-title'},
        h('h2', {id: 'app-versions-title', class: 'section-title'}, 'Versions', h('span', {class: 'section-count'}, count(versions.length))),
        table.element));
  }
}

/** The version's image, linked; out of the catalogue, the name the server kept for it (parent_image_name) or its id. */
function imageRef(version, names) {
  const imageId = version.parent_image_id;
  if (!imageId) {
    return '—';
  }
  const name = names.get(imageId);
  if (name) {
    return h('a', {href: `/images/${encodeURIComponent(imageId)}`}, name);
  }
  return h('span', {dataset: {deletedImage: ''}}, version.parent_image_name
    ? h('span', {title: imageId}, version.parent_image_name) : code(imageId), ' ', badge('Not in the catalogue', 'muted'));
}

function pin(version) {
  return [`Version ${version.parent_image_version}`,
    version.parent_image_deleted ? [' ', badge('Deleted from catalogue; the application keeps its copy', 'muted')] : null];
}
