// Uploading an image tarball: a new image (its version 0) from the Images page, or the next
// version of an image from its page. The file comes from the picker or is dropped on the dialog
// or the page; the bar follows the bytes sent; the server checks the tarball and its refusal is
// shown in its own words, with its reason code, and the dialog stays open to try another file.

import {append, h, uid} from './dom.js';
import * as api from './api.js';
import {openDialog} from './dialog.js';
import {bytes, typeNoun} from './format.js';

/** The name amc would be given for foo.tar.gz: the file name without its archive suffix. */
function nameFromFile(file) {
  return file.name.replace(/\.(tar(\.(gz|bz2|xz))?|tgz|tbz2?|txz)$/i, '');
}

/**
 * Lets a file dropped anywhere on `target` open the upload dialog with it, so that the page
 * itself is a drop zone. Only drags that carry files are taken: text dragged within the page
 * is left alone. `allowed()` is false while uploading is unavailable (a viewer's session); the
 * page's `signal` removes the listeners when another page is shown on the same element.
 */
export function acceptDrops(target, open, {allowed = () => true, signal} = {}) {
  const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  target.addEventListener('dragover', (event) => {
    if (carriesFiles(event) && allowed() && !document.querySelector('dialog[open]')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, {signal});
  target.addEventListener('drop', (event) => {
    if (!carriesFiles(event) || !allowed() || document.querySelector('dialog[open]')) {
      return;
    }
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) {
      open(file);
    }
  }, {signal});
}

/**
 * image: null to upload a new image, or the image ({id, name, type}) that gets the next version.
 * onUploaded(operation metadata: image_id, version, …) runs once the server has registered it.
 */
export function uploadDialog({image = null, file: initial = null, trigger, onUploaded}) {
  const ids = {file: uid('upload-file'), fileHelp: uid('upload-file-help'), name: uid('upload-name'),
    nameError: uid('upload-name-error'), type: uid('upload-type'), progress: uid('upload-progress')};
  let file = null;
  let abort = null;

  const picker = h('input', {id: ids.file, type: 'file', name: 'file', class: 'visually-hidden', 'aria-describedby': ids.fileHelp});
  const chosen = h('p', {class: 'dropzone-file', dataset: {chosenFile: ''}}, 'No file chosen.');
  const dropzone = h('div', {class: 'dropzone', dataset: {dropzone: ''}},
    h('label', {for: ids.file, class: 'btn btn-secondary'}, 'Choose a file…'),
    picker,
    h('p', {id: ids.fileHelp, class: 'field-help'},
      'or drop it here: an image tarball (.tar.gz, .tar.bz2, .tar.xz or .tar) with metadata.yaml at its top.'),
    chosen);
  const name = image ? null : h('input', {id: ids.name, name: 'name', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': ids.nameError});
  const nameError = h('p', {id: ids.nameError, class: 'field-error'});
  const type = image ? null : h('select', {id: ids.type, name: 'type'},
    h('option', {value: 'container'}, 'Container'), h('option', {value: 'vm'}, 'VM'));
  const bar = h('progress', {id: ids.progress, max: '1', value: '0', dataset: {uploadProgress: ''}});
  const barText = h('span', {class: 'upload-progress-text', 'aria-live': 'polite'});
  const progress = h('div', {class: 'upload-progress', hidden: true},
    h('label', {for: ids.progress, class: 'visually-hidden'}, 'Upload progress'), bar, barText);
  const errorBox = h('div', {class: 'dialog-error', role: 'alert'});
  const cancel = h('button', {type: 'button', class: 'btn btn-secondary'}, 'Cancel');
  const label = image ? 'Upload version' : 'Upload image';
  const submit = h('button', {type: 'submit', class: 'btn btn-primary'}, label);

  const dialog = openDialog({
    title: image ? `Upload a new version of ${image.name}` : 'Upload an image',
    className: 'dialog-upload', returnFocus: trigger, onSubmit: send,
    // Closing while the body is on its way stops it; the server keeps nothing of it.
    onClose: () => abort?.abort(),
  });
  cancel.addEventListener('click', () => dialog.close());
  append(dialog.body, [errorBox,
    image ? h('p', {class: 'lead'}, 'The tarball becomes the next version of the ', typeNoun(image.type), ' image ',
      h('strong', {}, image.name), '; applications built on it that take automatic updates get a new version on it.') : null,
    h('div', {class: 'field'}, h('span', {class: 'field-label'}, 'Tarball'), dropzone),
    image ? null : h('div', {class: 'field'}, h('label', {for: ids.name}, 'Name'), name,
      h('p', {class: 'field-help'}, 'The name of the new image; its first version is version 0.'), nameError),
    image ? null : h('div', {class: 'field'}, h('label', {for: ids.type}, 'Type'), type),
    progress]);
  dialog.footer.append(cancel, submit);

  picker.addEventListener('change', () => choose(picker.files[0] ?? null));
  dropzone.addEventListener('dragover', (event) => {
    if ([...(event.dataTransfer?.types ?? [])].includes('Files') && !dialog.busy) {
      event.preventDefault();
      dropzone.classList.add('is-over');
    }
  });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('is-over'));
  dropzone.addEventListener('drop', (event) => {
    dropzone.classList.remove('is-over');
    if (dialog.busy || !event.dataTransfer?.files?.length) {
      return;
    }
    event.preventDefault();
    choose(event.dataTransfer.files[0]);
  });
  if (initial) {
    choose(initial);
  }
  (name && initial ? name : dropzone.querySelector('label')).focus();

  function choose(next) {
    file = next;
    errorBox.replaceChildren();
    progress.hidden = true;
    chosen.textContent = file ? `${file.name} (${bytes(file.size)})` : 'No file chosen.';
    if (file && name && !name.value.trim()) {
      name.value = nameFromFile(file);
    }
  }

  function showProgress(sent, total) {
    progress.hidden = false;
    // Attributes rather than properties, so that the bar's state is in the document.
    bar.setAttribute('max', String(total || 1));
    bar.setAttribute('value', String(sent));
    barText.textContent = sent >= total
      ? `${bytes(total)} sent; the server is checking the tarball…`
      : `${bytes(sent)} of ${bytes(total)} (${Math.floor((100 * sent) / total)} %)`;
  }

  async function send() {
    errorBox.replaceChildren();
    if (name) {
      nameError.textContent = name.value.trim() ? '' : 'Enter a name for the image.';
      if (name.value.trim()) {
        name.removeAttribute('aria-invalid');
      } else {
        name.setAttribute('aria-invalid', 'true');
      }
    }
    if (!file) {
      errorBox.replaceChildren(h('p', {class: 'notice notice-danger'}, 'Choose a tarball to upload first.'));
      dropzone.querySelector('label').focus();
      return;
    }
    if (name && !name.value.trim()) {
      name.focus();
      return;
    }
    dialog.setBusy(true);
    submit.disabled = picker.disabled = true;
    if (name) {
      name.disabled = type.disabled = true;
    }
    submit.textContent = 'Uploading…';
    showProgress(0, file.size);
    abort = new AbortController();
    try {
      const operation = await api.uploadTarball({
        file, image: image?.id ?? null,
        request: image ? null : {name: name.value.trim(), type: type.value},
        onProgress: showProgress, signal: abort.signal,
      });
      abort = null;
      dialog.close();
      onUploaded?.(operation?.metadata ?? {});
    } catch (e) {
      abort = null;
      if (e.name === 'AbortError') {
        return;
      }
      progress.hidden = true;
      errorBox.replaceChildren(refusal(e));
      submit.textContent = label;
      submit.disabled = picker.disabled = false;
      if (name) {
        name.disabled = type.disabled = false;
      }
      dialog.setBusy(false);
    }
  }
}

/** The server's refusal as it gave it: its message, unedited, and the reason code that names the rule. */
function refusal(error) {
  return h('div', {class: 'notice notice-danger', dataset: {refusal: error.reason ?? ''}},
    h('p', {}, h('strong', {}, 'Not uploaded. '), 'The server answered: ', h('span', {dataset: {serverMessage: ''}}, error.message)),
    error.reason || error.status
      ? h('p', {class: 'muted'}, [error.reason ? ['Reason ', h('code', {}, error.reason)] : null,
        error.status ? `${error.reason ? ', ' : ''}HTTP ${error.status}` : null]) : null);
}
