// Creating and deleting applications. Applications have no dry run: the delete dialog names the
// application and its versions, and says what becomes of the image versions they pin.

import {h, uid} from './dom.js';
import * as api from './api.js';
import {openDialog} from './dialog.js';
import {plural, sentence, typeLabel} from './format.js';

/**
 * A delete confirmation: `body` explains what goes, `send()` deletes; the dialog closes and
 * `onDeleted()` runs once the server has deleted, or it stays open with the server's refusal.
 */
function deleteDialog({title, label, trigger, fallbackFocus, body, send, onDeleted}) {
  const errorBox = h('div', {class: 'dialog-error', role: 'alert'});
  const cancel = h('button', {type: 'button', class: 'btn btn-secondary'}, 'Cancel');
  const confirm = h('button', {type: 'submit', class: 'btn btn-danger'}, label);
  const dialog = openDialog({
    title, className: 'dialog-delete', returnFocus: trigger, fallbackFocus,
    onSubmit: async () => {
      dialog.setBusy(true);
      confirm.disabled = cancel.disabled = true;
      confirm.textContent = 'Deleting…';
      errorBox.replaceChildren();
      try {
        await send();
        dialog.close();
        onDeleted?.();
      } catch (e) {
        errorBox.replaceChildren(h('p', {class: 'notice notice-danger'}, h('strong', {}, 'Not deleted. '), sentence(e.message)));
        confirm.textContent = label;
        confirm.disabled = cancel.disabled = false;
        dialog.setBusy(false);
      }
    },
  });
  cancel.addEventListener('click', () => dialog.close());
  dialog.body.append(errorBox, ...body);
  dialog.footer.append(cancel, confirm);
  confirm.focus();
}

/** application: {id, name, versions}. onDeleted() runs once the server has deleted it. */
export function confirmApplicationDeletion({application, trigger, fallbackFocus, onDeleted}) {
  const versions = application.versions ?? [];
  const count = versions.length === 1 ? 'its only version' : `all its ${plural(versions.length, 'version')}`;
  deleteDialog({
    title: `Delete application ${application.name}?`, label: 'Delete application', trigger, fallbackFocus, onDeleted,
    send: () => api.deleteApplication(application.id),
    body: [
      h('p', {class: 'lead'}, 'This removes the application ', h('strong', {}, application.name), ` and ${count}.`),
      ...whatHappensToImages(versions),
    ],
  });
}

/**
 * What deleting these application versions does to the image versions they pin, as the server
 * reports each pin: one still in the catalogue stays there; one force-deleted from it
 * (parent_image_deleted) lives on only in the application's own copy, which goes with it.
 */
function whatHappensToImages(versions) {
  const pins = (list) => [...new Map(list.map((v) => [`${v.parent_image_id}/${v.parent_image_version}`, v])).values()];
  const kept = pins(versions.filter((v) => !v.parent_image_deleted));
  const gone = pins(versions.filter((v) => v.parent_image_deleted));
  return [
    kept.length ? h('p', {class: 'muted', dataset: {imagePins: 'kept'}},
      `${kept.length === 1 ? 'The image version it uses stays' : 'The image versions it uses stay'} in the catalogue; `
      + 'content that only this application kept is freed.') : null,
    gone.length ? h('div', {class: 'notice notice-info', dataset: {imagePins: 'deleted'}},
      h('p', {}, `${gone.length === 1 ? 'The image version it uses was' : 'The image versions it uses were'} `
        + 'force-deleted from the catalogue: ',
      gone.map((v, i) => [i ? ', ' : '', `version ${v.parent_image_version} of image `, h('code', {}, v.parent_image_id)]), '.'),
      h('p', {}, `The application keeps the only copy left in use; it is freed with the application, unless the recycle bin `
        + 'or another application still holds it.')) : null,
  ].filter(Boolean);
}

/**
 * Deleting one version. The page already holds the server's blockers for it: those force cannot
 * lift disable the button (deleteUnavailable); those it can are listed here in the server's words
 * with a force box, which the delete needs. A refusal shows the server's message.
 * onDeleted({force}) runs once the server has deleted the version.
 */
export function confirmApplicationVersionDeletion({application, version, trigger, fallbackFocus, onDeleted}) {
  const liftable = (version.blockers ?? []).filter((b) => b.force_lifts);
  const forceId = uid('force');
  const force = h('input', {type: 'checkbox', id: forceId, name: 'force'});
  deleteDialog({
    title: `Delete version ${version.number} of ${application.name}?`, label: 'Delete version', trigger, fallbackFocus,
    send: () => api.deleteApplicationVersion(application.id, version.number, {force: force.checked}),
    onDeleted: () => onDeleted?.({force: force.checked}),
    body: [
      h('p', {class: 'lead'}, 'This removes version ', h('strong', {}, String(version.number)), ' of ',
        h('strong', {}, application.name), '.'),
      ...whatHappensToImages([version]),
      liftable.length ? h('div', {class: 'notice notice-warning', dataset: {blockers: ''}},
        h('p', {}, 'The server would refuse this delete unless forced:'),
        h('ul', {}, liftable.map((b) => h('li', {dataset: {reason: b.reason}}, sentence(b.message)))),
        h('p', {class: 'check'}, force, ' ', h('label', {for: forceId}, 'Delete anyway (force)'))) : null,
    ].filter(Boolean),
  });
}

/**
 * The Create application form: name, image (id or name, with suggestions) and version (latest
 * unless chosen). The image is looked up as it is typed in, so that the version list is the
 * image's own and a wrong name is caught before submitting. onCreated(application id).
 */
export function createApplicationDialog({trigger, onCreated}) {
  const ids = {name: uid('app-name'), image: uid('app-image'), version: uid('app-version'), list: uid('image-names'),
    imageHelp: uid('image-help'), imageError: uid('image-error'), nameError: uid('name-error'), versionHelp: uid('version-help')};
  const name = h('input', {id: ids.name, name: 'name', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': ids.nameError});
  const image = h('input', {id: ids.image, name: 'image', required: true, autocomplete: 'off', spellcheck: 'false', list: ids.list,
    'aria-describedby': `${ids.imageHelp} ${ids.imageError}`});
  const suggestions = h('datalist', {id: ids.list});
  const version = h('select', {id: ids.version, name: 'version', disabled: true, 'aria-describedby': ids.versionHelp},
    h('option', {value: ''}, 'Latest'));
  const nameError = h('p', {id: ids.nameError, class: 'field-error'});
  const imageError = h('p', {id: ids.imageError, class: 'field-error'});
  const errorBox = h('div', {class: 'dialog-error', role: 'alert'});
  const cancel = h('button', {type: 'button', class: 'btn btn-secondary'}, 'Cancel');
  const submit = h('button', {type: 'submit', class: 'btn btn-primary'}, 'Create application');
  let resolved = null;
  let lookup = 0;

  const dialog = openDialog({title: 'Create application', returnFocus: trigger, onSubmit: create});
  cancel.addEventListener('click', () => dialog.close());
  dialog.body.append(errorBox,
    h('div', {class: 'field'}, h('label', {for: ids.name}, 'Name'), name, nameError),
    h('div', {class: 'field'}, h('label', {for: ids.image}, 'Image'), image, suggestions,
      h('p', {id: ids.imageHelp, class: 'field-help'}, 'The name or id of the image the application is built on.'), imageError),
    h('div', {class: 'field'}, h('label', {for: ids.version}, 'Image version'), version,
      h('p', {id: ids.versionHelp, class: 'field-help'}, 'The application pins this version; later versions of the image do not change it.')));
  dialog.footer.append(cancel, submit);
  name.focus();

  api.imageSuggestions().then((images) => {
    suggestions.replaceChildren(...images.map((i) => h('option', {value: i.name}, `${typeLabel(i.type)} · ${i.id}`)));
  }).catch(() => {
    // Suggestions are a convenience; any name or id can still be typed.
  });

  image.addEventListener('change', () => resolve());

  /** Finds the typed image (container first, as the API does, then VM) and lists its versions. */
  async function resolve() {
    const value = image.value.trim();
    const ticket = ++lookup;
    resolved = null;
    setError(image, imageError, '');
    version.replaceChildren(h('option', {value: ''}, 'Latest'));
    version.disabled = true;
    if (!value) {
      return null;
    }
    let found = null;
    for (const type of ['container', 'vm']) {
      try {
        found = (await api.getImage(value, {type})).image;
        break;
      } catch (e) {
        if (e.reason !== 'not_found') {
          if (ticket === lookup) {
            setError(image, imageError, sentence(e.message));
          }
          return null;
        }
      }
    }
    if (ticket !== lookup) {
      return null;
    }
    if (!found) {
      setError(image, imageError, `There is no image named ${value}.`);
      return null;
    }
    resolved = found;
    const versions = [...(found.versions ?? [])].sort((a, b) => b.version - a.version);
    version.replaceChildren(
      h('option', {value: ''}, versions.length ? `Latest (version ${versions[0].version})` : 'Latest'),
      ...versions.map((v) => h('option', {value: String(v.version)}, `Version ${v.version}`)));
    version.disabled = false;
    return found;
  }

  async function create() {
    errorBox.replaceChildren();
    setError(name, nameError, name.value.trim() ? '' : 'Enter a name.');
    const target = resolved ?? (image.value.trim() ? await resolve() : null);
    if (!image.value.trim()) {
      setError(image, imageError, 'Enter an image name or id.');
    }
    if (!name.value.trim()) {
      name.focus();
      return;
    }
    if (!target) {
      image.focus();
      return;
    }
    dialog.setBusy(true);
    submit.disabled = cancel.disabled = true;
    submit.textContent = 'Creating…';
    try {
      const operation = await api.createApplication({
        name: name.value.trim(), image: target.id,
        imageVersion: version.value === '' ? null : Number(version.value), vm: target.type === 'vm',
      });
      dialog.close();
      onCreated?.(operation.metadata?.application_id, name.value.trim());
    } catch (e) {
      errorBox.replaceChildren(h('p', {class: 'notice notice-danger'}, h('strong', {}, 'Not created. '), sentence(e.message)));
      submit.textContent = 'Create application';
      submit.disabled = cancel.disabled = false;
      dialog.setBusy(false);
    }
  }
}

function setError(input, box, message) {
  box.textContent = message;
  if (message) {
    input.setAttribute('aria-invalid', 'true');
  } else {
    input.removeAttribute('aria-invalid');
  }
}
