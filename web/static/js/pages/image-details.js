// One image: its fields, the applications that use it, its versions with a Delete per version,
// the image's own Delete and Set as default actions in the header, and its Retention section.

import {h, fill} from '../dom.js';
import * as api from '../api.js';
import {navigate} from '../router.js';
import {actionButton, badge, code, dataTable, errorPanel, facts, pageHead, statusBadge} from '../ui.js';
import {bytes, count, dateTime, dateTimeIso, isoDate, plural, sentence, shortFingerprint, timeLeft, typeLabel, typeNoun} from '../format.js';
import {confirmImageDeletion, deleteUnavailable} from '../delete-image-dialog.js';
import * as session from '../session.js';
import {announce, announceDeletion} from '../toast.js';
import * as live from '../live.js';
import {acceptDrops, uploadDialog} from '../upload-dialog.js';
import {retentionSection} from '../retention-section.js';

const VERSION_COLUMNS = [
  {label: 'Version', width: '7rem'},
  {label: 'Fingerprint', width: '9.5rem'},
  {label: 'Size', width: '6.5rem', className: 'num'},
  {label: 'Created', width: '13rem'},
  // Wide enough for the release; an error message wraps inside it rather than being cut off.
  {label: 'Status', width: '11rem', className: 'col-status'},
  {label: 'Used by'},
  {label: 'Actions', width: '6.5rem', className: 'col-actions', hiddenLabel: true},
];

/** Applications are fetched one by one; an image used by more is listed by count beyond this. */
const NAMED_APPLICATIONS = 50;

export async function render({main, params: [id], signal}) {
  const heading = h('h1', {}, 'Image');
  fill(main, h('div', {class: 'page-head'}, heading), h('p', {class: 'muted loading-line'}, 'Loading the image…'));
  const role = await session.role(api.status);
  // Kept across redraws (a live update redraws the page while a sync runs or after it failed):
  // the Sync button stays busy, and the reason stays on the page, until the next sync.
  let syncing = false;
  let syncFailure = null;
  let shown = null;
  const uploadBlocked = session.lacksRole(role, 'operator', 'Uploading versions');
  // The server decides whether this image takes a new version (immutable, busy): the dialog shows its answer.
  const upload = (file, trigger) => uploadDialog({
    image: shown, file, trigger,
    onUploaded: (meta) => {
      announce(`Version ${meta.version} of ${shown.name} uploaded.`);
      load(() => main.querySelector('h1')?.focus());
    },
  });
  acceptDrops(main, (file) => upload(file, main.querySelector('[data-action="upload-version"]')),
    {allowed: () => Boolean(shown) && !uploadBlocked, signal});
  // Built once: a redraw puts it back as it was, with the rules being tried and the plan shown.
  const retention = retentionSection({role, signal, reload: () => load()});
  // Its own events, and any application's: one may have started or stopped using it.
  live.watch((e) => (/^image-/.test(e.action ?? '') && (e.context?.id === id || e.context?.name === id))
    || /^application-/.test(e.action ?? ''), () => load(), signal);
  return load();

  async function load(focus) {
    let image;
    let applications;
    try {
      image = (await api.getImage(id, {signal})).image;
      applications = await usersOf(image, signal);
    } catch (e) {
      if (e.name === 'AbortError') {
        throw e;
      }
      fill(main, pageHead({title: e.reason === 'not_found' ? 'Image not found' : 'Image', heading,
        crumbs: [{label: 'Images', href: '/images'}, {label: id}]}),
      e.reason === 'not_found'
        ? h('div', {class: 'panel empty-state'}, h('p', {}, sentence(e.message)), h('p', {}, h('a', {href: '/images'}, 'Back to the images')))
        : errorPanel(e, () => load()));
      return 'Image';
    }
    show(image, applications);
    focus?.();
    return image.name;
  }

  function show(image, applications) {
    shown = image;
    const versions = [...(image.versions ?? [])].sort((a, b) => b.version - a.version);
    const deleteButton = actionButton({
      label: 'Delete image', kind: 'danger', blocked: deleteUnavailable(image.blockers),
      onclick: (event) => confirmImageDeletion({
        image, trigger: event.currentTarget,
        onDeleted: ({removed, force, trashId}) => {
          // The page goes; Undo brings the image back, and the Images list shows it again.
          announceDeletion(`Image ${image.name} and ${plural(removed.length, 'version')} deleted${force ? ' (forced)' : ''}.`,
            {trashId, what: `Image ${image.name}`});
          navigate('/images');
        },
        onStale: () => load(),
      }),
    });
    const syncAction = image.immutable
      ? actionButton({label: 'Sync', kind: 'secondary', blocked: session.lacksRole(role, 'operator', 'Syncing images'), attrs: {dataset: {action: 'sync'}},
        onclick: (event) => sync(image, event.currentTarget)})
      : null;
    if (syncAction && syncing) {
      busy(syncAction);
    }
    const uploadAction = actionButton({label: 'Upload version', kind: 'secondary', blocked: uploadBlocked,
      attrs: {dataset: {action: 'upload-version'}}, onclick: (event) => upload(null, event.currentTarget)});
    const defaultAction = image.default
      ? null
      : actionButton({label: 'Set as default', kind: 'secondary', blocked: session.lacksRole(role, 'admin', 'Switching the default image'), onclick: (event) => makeDefault(image, event.currentTarget)});

    const protectAction = protectionAction(image);
    // A live redraw detaches everything; whoever is typing rules in the Retention section keeps the caret.
    const typing = retention.element.contains(document.activeElement) ? document.activeElement : null;

    fill(main,
      pageHead({
        title: image.name, heading,
        crumbs: [{label: 'Images', href: '/images'}, {label: image.name}],
        meta: h('span', {class: 'badges'},
          statusBadge(image.status),
          image.default ? badge(`Default ${typeNoun(image.type)} image`, 'default') : null,
          image.immutable ? badge('Immutable', 'info') : null,
          image.protected ? badge('Protected', 'ok', {dataset: {protected: ''}}) : null),
        actions: [uploadAction, syncAction, defaultAction, protectAction, deleteButton],
      }),
      image.protected && image.unprotect_at ? h('p', {class: 'notice notice-warning', dataset: {unprotectAt: image.unprotect_at}},
        h('strong', {}, 'Unprotection pending. '),
        `The protection ends in ${timeLeft(image.unprotect_at)} (${dateTimeIso(image.unprotect_at)}); until then deletes stay refused. Cancel unprotection keeps it protected.`) : null,
      h('section', {class: 'panel', 'aria-labelledby': 'image-facts'},
        h('h2', {id: 'image-facts', class: 'section-title'}, 'Details'),
        facts([
          ['ID', code(image.id)],
          ['Type', typeLabel(image.type)],
          ['Architecture', image.architecture],
          ['Variant', image.variant],
          ['Status', image.status],
          ['Default', image.default ? `Yes: new ${typeNoun(image.type)} applications use it when they name no image` : 'No'],
          ['Immutable', image.immutable ? 'Yes: synced from the image server' : 'No'],
          ['Protected', !image.protected ? 'No'
            : image.unprotect_at ? `Yes, until ${dateTimeIso(image.unprotect_at)} (unprotection pending)` : 'Yes: no delete removes it, even with force'],
          ['Versions', count(versions.length)],
          ['Total size', bytes(versions.reduce((sum, v) => sum + (v.size ?? 0), 0))],
        ])),
      usedBySection(image, applications),
      versionsSection(image, versions, applications),
      retention.element);
    retention.update(image);
    typing?.focus({preventScroll: true});
    if (syncFailure) {
      // The toast fades; the versions table may not say why (a version left queued).
      main.querySelector('.page-head')?.after(h('p', {class: 'notice notice-danger', dataset: {syncError: ''}},
        h('strong', {}, 'Not synced. '), sentence(syncFailure.message)));
    }
  }

  /**
   * Protect, Unprotect, or Cancel unprotection while one is pending (which asks for protection
   * again: docs/trash.md). Protecting needs an operator; ending it needs the role deleting needs.
   */
  function protectionAction(image) {
    if (!image.protected) {
      return actionButton({label: 'Protect', kind: 'secondary', attrs: {dataset: {action: 'protect'}},
        blocked: session.lacksRole(role, 'operator', 'Protecting images'),
        onclick: (event) => changeProtection(image, true, event.currentTarget, 'Protecting…')});
    }
    if (image.unprotect_at) {
      return actionButton({label: 'Cancel unprotection', kind: 'secondary', attrs: {dataset: {action: 'cancel-unprotect'}},
        blocked: session.lacksRole(role, 'operator', 'Cancelling an unprotection'),
        onclick: (event) => changeProtection(image, true, event.currentTarget, 'Cancelling…')});
    }
    return actionButton({label: 'Unprotect', kind: 'secondary', attrs: {dataset: {action: 'unprotect'}},
      blocked: session.lacksRole(role, 'admin', 'Unprotecting images'),
      onclick: (event) => changeProtection(image, false, event.currentTarget, 'Unprotecting…')});
  }

  async function changeProtection(image, value, trigger, busyLabel) {
    const label = trigger.textContent;
    trigger.disabled = true;
    trigger.textContent = busyLabel;
    try {
      const done = await api.setProtected(image.id, value);
      const after = done?.metadata ?? {};
      announce(value ? `${image.name} is protected.`
        : after.protected && after.unprotect_at ? `${image.name} stays protected until ${dateTimeIso(after.unprotect_at)}.`
          : `${image.name} is no longer protected.`);
      await load(() => main.querySelector('h1')?.focus());
    } catch (e) {
      trigger.disabled = false;
      trigger.textContent = label;
      announce(`${image.name}: ${sentence(e.message)}`, 'error');
    }
  }

  function busy(trigger) {
    trigger.disabled = true;
    trigger.textContent = 'Syncing…';
    trigger.setAttribute('aria-busy', 'true');
  }

  function usedBySection(image, applications) {
    const ids = image.used_by ?? [];
    const byId = new Map(applications.map((a) => [a.id, a]));
    return h('section', {class: 'panel', id: 'used-by', 'aria-labelledby': 'used-by-title'},
      h('h2', {id: 'used-by-title', class: 'section-title'}, 'Used by', h('span', {class: 'section-count'}, count(ids.length))),
      ids.length
        ? h('ul', {class: 'app-links app-links-wide'}, ids.map((appId) => h('li', {},
          h('a', {href: `/applications/${encodeURIComponent(appId)}`}, byId.get(appId)?.name ?? appId),
          pinnedVersions(byId.get(appId), image.id))))
        : h('p', {class: 'muted'}, 'No application uses this image.'));
  }

  function versionsSection(image, versions, applications) {
    const table = dataTable({caption: `Versions of ${image.name}`, columns: VERSION_COLUMNS, className: 'versions-table'});
    table.body.replaceChildren(...versions.map((v) => versionRow(image, v, applications, table)));
    return h('section', {class: 'panel panel-table', 'aria-labelledby': 'versions-title'},
      h('h2', {id: 'versions-title', class: 'section-title'}, 'Versions', h('span', {class: 'section-count'}, count(versions.length))),
      table.element);
  }

  function versionRow(image, v, applications, table) {
    const users = applications.filter((a) => (a.versions ?? []).some((av) => av.parent_image_id === image.id
      && av.parent_image_version === v.version && !av.parent_image_deleted));
    return h('tr', {dataset: {version: String(v.version)}},
      h('th', {scope: 'row'}, `Version ${v.version}`),
      h('td', {}, code(shortFingerprint(v.fingerprint), {title: v.fingerprint})),
      h('td', {class: 'num'}, bytes(v.size)),
      h('td', {}, h('time', {datetime: isoDate(v.created_at)}, dateTime(v.created_at))),
      h('td', {class: 'col-status'}, statusBadge(v.status),
        v.remote_id ? h('div', {class: 'muted', dataset: {remoteId: String(v.remote_id)}}, `Release ${v.remote_id}`) : null,
        v.error_message ? h('div', {class: 'field-error', dataset: {error: ''}}, v.error_message) : null),
      h('td', {}, users.length
        ? users.map((a, i) => [i ? ', ' : '', h('a', {href: `/applications/${encodeURIComponent(a.id)}`}, a.name)])
        : h('span', {class: 'muted'}, '—')),
      h('td', {class: 'col-actions'}, actionButton({
        label: 'Delete', accessibleName: `Delete version ${v.version} of ${image.name}`, kind: 'danger-outline', size: 'sm',
        blocked: deleteUnavailable(v.blockers),
        attrs: {dataset: {action: 'delete-version'}},
        onclick: (event) => confirmImageDeletion({
          image, version: v.version, trigger: event.currentTarget,
          fallbackFocus: () => table.element,
          onDeleted: ({force, trashId}) => {
            announceDeletion(`Version ${v.version} of ${image.name} deleted${force ? ' (forced)' : ''}.`,
              {trashId, what: `Version ${v.version} of ${image.name}`, onRestored: () => signal.aborted || load()});
            load(() => main.querySelector('.versions-table [data-action="delete-version"]:not([aria-disabled])')?.focus()
              ?? main.querySelector('#versions-title')?.focus());
          },
          onStale: () => load(),
        }),
      })));
  }

  async function sync(image, trigger) {
    busy(trigger);
    syncing = true;
    syncFailure = null;
    main.querySelector('[data-sync-error]')?.remove();
    try {
      await api.syncImage(image.id);
      announce(`${image.name} synced from the image server.`);
    } catch (e) {
      syncFailure = e;
      announce(`${image.name} was not synced: ${sentence(e.message)}`, 'error');
    } finally {
      syncing = false;
    }
    await load(() => main.querySelector('h1')?.focus());
  }

  async function makeDefault(image, trigger) {
    trigger.disabled = true;
    trigger.textContent = 'Setting as default…';
    try {
      await api.makeDefault(image.id);
      announce(`${image.name} is now the default ${typeNoun(image.type)} image.`);
      await load(() => main.querySelector('h1')?.focus());
    } catch (e) {
      trigger.disabled = false;
      trigger.textContent = 'Set as default';
      announce(`${image.name} was not made default: ${sentence(e.message)}`, 'error');
    }
  }
}

/** The applications named in used_by, for their names and the versions they pin. */
async function usersOf(image, signal) {
  const ids = (image.used_by ?? []).slice(0, NAMED_APPLICATIONS);
  const found = await Promise.all(ids.map((id) => api.getApplication(id, signal).catch((e) => {
    if (e.name === 'AbortError') {
      throw e;
    }
    return null; // Deleted meanwhile: shown by id.
  })));
  return found.filter(Boolean);
}

function pinnedVersions(application, imageId) {
  if (!application) {
    return null;
  }
  const pinned = [...new Set((application.versions ?? [])
    .filter((v) => v.parent_image_id === imageId && !v.parent_image_deleted).map((v) => v.parent_image_version))].sort((a, b) => a - b);
  return pinned.length ? h('span', {class: 'muted'}, ` pins ${pinned.length === 1 ? 'version' : 'versions'} ${pinned.join(', ')}`) : null;
}
