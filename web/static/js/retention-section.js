// The Retention section of an image's page (docs/retention.md): the stored policies that name the
// image's scope, a form that previews rules on this image alone, the plan the server made (what
// goes, what stays and why), its Apply, saving the rules as the image's policy, and the runs of the
// policies shown. Every verdict is the server's: the page lists its plan, reasons and refusals.
//
// The section is built once per visit and kept across the page's redraws, so that a live update
// does not throw away the rules being tried or the plan on screen; it marks the plan as made
// before the change instead, and Apply lets the server say whether it still holds.

import {h, fill, uid} from './dom.js';
import * as api from './api.js';
import {actionButton, badge, code, dataTable} from './ui.js';
import {bytes, count, dateTimeIso, plural, sentence, shortFingerprint} from './format.js';
import * as session from './session.js';
import {announce} from './toast.js';

/** Typing pauses this long before the rules are previewed: each preview is a stored plan and an audit record. */
const PREVIEW_DELAY_MS = 600;
const RUNS_PER_POLICY = 20;

const ITEM_COLUMNS = [
  {label: 'Outcome', width: '7rem'},
  {label: 'Image', width: '10rem'},
  {label: 'Version', width: '7.5rem'},
  {label: 'Fingerprint', width: '8.5rem'},
  {label: 'Size', width: '6rem', className: 'num'},
  {label: 'Reason', width: '9.5rem'},
  {label: 'Why'},
];

/** The Image column only when a plan or run reaches beyond this image (a type's or the global policy). */
function itemColumns(items, imageId) {
  return items.some(({item}) => item.image_id !== imageId) ? ITEM_COLUMNS : ITEM_COLUMNS.filter((c) => c.label !== 'Image');
}

const RUN_COLUMNS = [
  {label: 'Started', width: '12rem'},
  {label: 'Policy', width: '9rem'},
  {label: 'Trigger', width: '6rem'},
  {label: 'Removed', width: '5.5rem', className: 'num'},
  {label: 'Kept', width: '4.5rem', className: 'num'},
  {label: 'Blocked', width: '5.5rem', className: 'num'},
  {label: 'Freed', width: '6rem', className: 'num'},
  {label: 'Took', width: '5.5rem', className: 'num'},
  {label: 'Outcome', width: '6.5rem'},
  {label: 'Details', width: '6rem', className: 'col-actions', hiddenLabel: true},
];

/**
 * `reload` re-reads the image page (after an apply). Returns {element, update(image)}: the page
 * puts `element` in place on every redraw and hands over the image it just read.
 */
export function retentionSection({role, signal, reload}) {
  let image = null;
  let seen = null; // The image's versions as the plan on screen saw them.
  let plan = null;
  let planSource = null; // What the plan was asked for: {label, body}.
  let stale = false;
  let refusal = null;
  let applied = null;
  let policies = [];
  let previewAbort = null;
  let previewTimer = null;

  const titleId = uid('retention');
  const ids = {keep: uid('keep-last'), older: uid('older-than'), unused: uid('unused-for'),
    policyId: uid('policy-id'), schedule: uid('schedule'), error: uid('rules-error')};
  const fields = {
    keep_last: h('input', {id: ids.keep, name: 'keep_last', type: 'number', min: '1', step: '1', inputmode: 'numeric', autocomplete: 'off'}),
    older_than: h('input', {id: ids.older, name: 'older_than', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: '30d'}),
    unused_for: h('input', {id: ids.unused, name: 'unused_for', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: '2w'}),
  };
  const policyIdField = h('input', {id: ids.policyId, name: 'policy_id', type: 'text', autocomplete: 'off', spellcheck: 'false'});
  const scheduleField = h('input', {id: ids.schedule, name: 'schedule', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: '24h'});
  const rulesError = h('p', {id: ids.error, class: 'field-error', role: 'alert'});

  const policiesBox = h('div', {dataset: {retentionPolicies: ''}});
  const planBox = h('div', {dataset: {retentionPlan: ''}, 'aria-live': 'polite'});
  const saveBox = h('div', {dataset: {retentionSave: ''}});
  const runsBox = h('div', {dataset: {retentionRuns: ''}});

  // A preview stores a plan, which takes an operator; a viewer's typing is not sent (the server would refuse it).
  const cannotPreview = session.lacksRole(role, 'operator', 'Previewing retention rules');
  const form = h('form', {class: 'filters retention-rules', 'aria-label': 'Try retention rules on this image', novalidate: true,
    onsubmit: (event) => {
      event.preventDefault();
      if (!cannotPreview) {
        previewRules();
      }
    }},
  ruleField(ids.keep, 'Keep the last', fields.keep_last, 'versions (newest by number)'),
  ruleField(ids.older, 'Keep if newer than', fields.older_than, 'e.g. 30d, 12h, 2w'),
  ruleField(ids.unused, 'Keep if used within', fields.unused_for, 'by an application'),
  h('div', {class: 'field field-inline'}, actionButton({label: 'Preview', kind: 'secondary', blocked: cannotPreview,
    attrs: {type: 'submit', dataset: {action: 'preview-rules'}}})));
  for (const input of Object.values(fields)) {
    input.addEventListener('input', () => {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(() => {
        if (!signal.aborted && !cannotPreview && rules()) {
          previewRules();
        }
      }, PREVIEW_DELAY_MS);
    });
  }
  signal.addEventListener('abort', () => {
    clearTimeout(previewTimer);
    previewAbort?.abort();
  });

  const element = h('section', {class: 'panel', id: 'retention', 'aria-labelledby': titleId},
    h('h2', {id: titleId, class: 'section-title'}, 'Retention'),
    h('h3', {class: 'subsection-title'}, 'Policies for this image'),
    policiesBox,
    h('h3', {class: 'subsection-title'}, 'Try rules'),
    h('p', {class: 'field-help'}, 'Each rule keeps versions; a version goes only when no rule keeps it, and never while a deletion rule '
      + 'blocks it. The preview covers this image only; Apply removes exactly what it lists, into the recycle bin.'),
    form, rulesError,
    planBox,
    saveBox,
    h('h3', {class: 'subsection-title'}, 'Runs'),
    runsBox);

  return {element, update};

  /** The page read the image again: its policies and runs are read again too, and a plan made before a change says so. */
  function update(next) {
    image = next;
    if (plan && seen !== versionsKey(next)) {
      stale = true;
    }
    showPlan();
    showSave();
    loadPolicies();
  }

  function ruleField(id, label, input, help) {
    const helpId = `${id}-help`;
    input.setAttribute('aria-describedby', `${helpId} ${ids.error}`);
    return h('div', {class: 'field field-inline'}, h('label', {for: id}, label), input, h('p', {id: helpId, class: 'field-help'}, help));
  }

  /** The rules typed, as the API names them; null when none is. Values go as typed: the server checks them. */
  function rules() {
    const out = {};
    const keep = fields.keep_last.value.trim();
    if (keep !== '') {
      // A number field's value is text; a non-integer is sent as typed so that the server names the mistake.
      out.keep_last = /^-?\d+$/.test(keep) ? Number(keep) : keep;
    }
    for (const name of ['older_than', 'unused_for']) {
      const value = fields[name].value.trim();
      if (value !== '') {
        out[name] = value;
      }
    }
    return Object.keys(out).length ? out : null;
  }

  function previewRules() {
    const typed = rules() ?? {};
    preview({label: 'the rules above, on this image', body: {scope: 'image', target: image.id, ...typed}});
  }

  async function preview(source) {
    clearTimeout(previewTimer);
    previewAbort?.abort();
    const controller = new AbortController();
    previewAbort = controller;
    rulesError.textContent = '';
    planBox.setAttribute('aria-busy', 'true');
    const versionsAtAsk = versionsKey(image);
    try {
      const next = await api.previewRetention(source.body, controller.signal);
      plan = next;
      planSource = source;
      seen = versionsAtAsk;
      stale = seen !== versionsKey(image);
      refusal = null;
      applied = null;
    } catch (e) {
      if (e.name === 'AbortError') {
        return;
      }
      // The server's words: a bad duration, a missing rule, a viewer's 403.
      rulesError.textContent = sentence(e.message);
    } finally {
      if (previewAbort === controller) {
        planBox.removeAttribute('aria-busy');
      }
    }
    showPlan();
  }

  function showPlan() {
    if (applied) {
      // Built once per apply, so that a redraw keeps its report open.
      applied.notice ??= h('div', {class: 'notice notice-info', dataset: {retentionApplied: applied.run_id ?? ''}},
        h('p', {}, h('strong', {}, `${plural(applied.removed ?? 0, 'version')} removed`),
          ` (${bytes(applied.bytes_freed)} freed, outcome ${applied.outcome ?? '—'}). `,
          'They are in the ', h('a', {href: '/trash'}, 'recycle bin'), ', each restorable there. ',
          applied.run_id ? ['Its report is run ', code(applied.run_id), '.'] : null),
        applied.run_id ? appliedReport(applied.run_id) : null);
      fill(planBox, applied.notice);
      return;
    }
    if (!plan) {
      fill(planBox, h('p', {class: 'muted'}, 'Type a rule, or preview one of the policies above, to see what would go.'));
      return;
    }
    const items = [
      ...(plan.remove ?? []).map((item) => ({item, outcome: 'remove'})),
      ...(plan.keep ?? []).map((item) => ({item, outcome: item.blocked ? 'blocked' : 'keep'})),
    ];
    const columns = itemColumns(items, image.id);
    const table = dataTable({caption: `Retention plan ${plan.plan_id}`, columns, className: 'retention-plan-table'});
    if (items.length) {
      table.body.replaceChildren(...items.map(({item, outcome}) => itemRow(item, outcome, columns)));
    } else {
      table.empty('The plan names no version.');
    }
    const shownKeep = (plan.keep ?? []).length;
    fill(planBox,
      h('p', {class: 'retention-summary', dataset: {planId: plan.plan_id}},
        h('strong', {}, `${count(plan.remove_count)} to remove`), ` (${bytes(plan.bytes)}), `,
        `${count(plan.keep_count)} kept, ${count(plan.blocked_count)} blocked — `,
        `plan ${plan.plan_id} for ${planSource?.label ?? 'a policy'}, made ${dateTimeIso(plan.evaluated_at)}, applicable until ${dateTimeIso(plan.expires_at)}.`),
      plan.truncated ? h('p', {class: 'notice notice-warning'}, 'The plan holds only part of what the rules remove (the server\'s plan limit); a preview after applying it shows the rest.') : null,
      shownKeep < plan.keep_count ? h('p', {class: 'muted'}, `The server listed ${count(shownKeep)} of the ${count(plan.keep_count)} kept versions.`) : null,
      stale ? h('div', {class: 'notice notice-warning', dataset: {planStale: ''}},
        h('p', {}, h('strong', {}, 'This image changed since the preview. '),
          'Apply still asks the server to carry out this plan, and it refuses if the plan no longer holds.'),
        h('button', {type: 'button', class: 'btn btn-secondary btn-sm', dataset: {action: 'preview-again'}, onclick: () => preview(planSource)}, 'Preview again')) : null,
      refusal ? refusalNotice(refusal) : null,
      table.element,
      h('div', {class: 'retention-actions'}, applyButton()));
  }

  function itemRow(item, outcome, columns) {
    const label = {remove: ['Remove', 'danger'], blocked: ['Blocked', 'accent'], keep: ['Keep', 'ok']}[outcome];
    return h('tr', {dataset: {outcome, version: String(item.version), imageId: item.image_id ?? ''}},
      h('td', {}, badge(label[0], label[1])),
      columns.includes(ITEM_COLUMNS[1])
        ? h('td', {}, item.image_id ? h('a', {href: `/images/${encodeURIComponent(item.image_id)}`}, item.image ?? item.image_id) : item.image)
        : null,
      h('th', {scope: 'row'}, `Version ${item.version}`),
      h('td', {}, item.fingerprint ? code(shortFingerprint(item.fingerprint), {title: item.fingerprint}) : '—'),
      h('td', {class: 'num'}, bytes(item.size)),
      h('td', {dataset: {reason: ''}}, code(item.reason ?? '—')),
      h('td', {class: 'wrap', dataset: {message: ''}}, item.message ?? ''));
  }

  function applyButton() {
    if (!plan.remove_count) {
      return h('p', {class: 'muted', dataset: {nothingToRemove: ''}}, 'Nothing to remove: there is nothing to apply.');
    }
    const others = (plan.remove ?? []).some((item) => item.image_id !== image.id);
    return actionButton({
      label: `Apply: remove ${plural(plan.remove_count, 'version')}${others ? ' across images' : ''}`, kind: 'danger',
      blocked: session.lacksRole(role, 'admin', 'Applying a retention plan'),
      attrs: {dataset: {action: 'apply-plan'}},
      onclick: (event) => apply(event.currentTarget),
    });
  }

  async function apply(trigger) {
    const label = trigger.textContent;
    trigger.disabled = true;
    trigger.textContent = 'Applying…';
    const current = plan;
    try {
      const op = await api.applyRetention(current.plan_id);
      applied = {...(op?.metadata ?? {})};
      plan = null;
      refusal = null;
      stale = false;
      announce(`${plural(applied.removed ?? 0, 'version')} removed by the retention plan; they are in the recycle bin.`);
      showPlan();
      await reload();
    } catch (e) {
      trigger.disabled = false;
      trigger.textContent = label;
      refusal = e;
      showPlan();
      planBox.querySelector('[data-refusal]')?.focus();
    }
  }

  /** A 412 lists what changed since the preview; anything else (a 403, a failed run) is the server's message alone. */
  function refusalNotice(e) {
    const changes = Array.isArray(e.metadata?.changes) ? e.metadata.changes : [];
    return h('div', {class: 'notice notice-danger', role: 'alert', tabindex: '-1', dataset: {refusal: String(e.status ?? '')}},
      h('p', {}, h('strong', {}, e.status === 412 ? 'Not applied; nothing was removed. ' : 'Not applied. '), sentence(e.message)),
      changes.length ? h('ul', {class: 'retention-changes'}, changes.map((c) => h('li', {dataset: {change: c.change ?? ''}},
        code(c.change ?? ''), ' ', c.message ?? ''))) : null,
      e.status === 412 ? h('button', {type: 'button', class: 'btn btn-secondary btn-sm', dataset: {action: 'preview-fresh'},
        onclick: () => preview(planSource)}, 'Preview again') : null);
  }

  // ---- policies ----

  async function loadPolicies() {
    const forImage = image;
    let all;
    try {
      all = await api.listRetentionPolicies(signal);
    } catch (e) {
      if (e.name === 'AbortError') {
        return;
      }
      fill(policiesBox, h('p', {class: 'field-error', role: 'alert'}, sentence(e.message)));
      fill(runsBox);
      return;
    }
    if (forImage !== image) {
      return;
    }
    // The three scopes that can name this image (its id, its type, every image), in that order.
    policies = [
      ...all.filter((p) => p.scope === 'image' && p.target === image.id),
      ...all.filter((p) => p.scope === 'type' && p.target === image.type),
      ...all.filter((p) => p.scope === 'global'),
    ];
    showPolicies();
    showSave();
    loadRuns();
  }

  function showPolicies() {
    if (!policies.length) {
      fill(policiesBox, h('p', {class: 'muted'}, 'No stored policy names this image, its type or every image.'));
      return;
    }
    fill(policiesBox,
      h('p', {class: 'field-help'}, 'The server applies the most specific enabled one to this image (docs/retention.md).'),
      h('ul', {class: 'retention-policies'}, policies.map((p) => h('li', {dataset: {policy: p.id}},
        h('strong', {}, p.id), ' ', badge(scopeLabel(p), 'info'), ' ',
        p.enabled === false ? badge('Disabled', 'muted') : null, ' ',
        h('span', {}, rulesText(p)),
        h('span', {class: 'muted'}, p.schedule ? `; runs every ${p.schedule}` : '; runs only when a preview is applied',
          p.last_run_at ? `; last run ${dateTimeIso(p.last_run_at)}` : ''),
        ' ',
        actionButton({label: 'Preview', accessibleName: `Preview policy ${p.id}`, size: 'sm', kind: 'secondary',
          blocked: session.lacksRole(role, 'operator', 'Previewing a policy'),
          attrs: {dataset: {action: 'preview-policy'}},
          onclick: () => preview({label: `policy ${p.id}`, body: {policy: p.id}})}),
        ' ',
        p.scope === 'image' ? h('button', {type: 'button', class: 'btn btn-secondary btn-sm', dataset: {action: 'try-policy'},
          onclick: () => tryPolicy(p)}, 'Edit rules') : null))));
  }

  /** Puts an image policy's rules into the form, to change and save them. */
  function tryPolicy(p) {
    fields.keep_last.value = p.keep_last ?? '';
    fields.older_than.value = p.older_than ?? '';
    fields.unused_for.value = p.unused_for ?? '';
    policyIdField.value = p.id;
    scheduleField.value = p.schedule ?? '';
    fields.keep_last.focus();
    previewRules();
  }

  // ---- saving the rules as the image's policy ----

  function showSave() {
    if (!image) {
      return;
    }
    const own = policies.find((p) => p.scope === 'image');
    if (!policyIdField.value && own) {
      policyIdField.value = own.id;
      scheduleField.value = own.schedule ?? '';
    }
    const saveError = h('p', {class: 'field-error', role: 'alert', dataset: {saveError: ''}});
    fill(saveBox,
      h('h3', {class: 'subsection-title'}, 'Save as this image\'s policy'),
      h('form', {class: 'filters', 'aria-label': 'Save the rules as this image\'s policy', novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          save(event.submitter ?? event.currentTarget.querySelector('[data-action="save-policy"]'), saveError);
        }},
      h('div', {class: 'field field-inline'}, h('label', {for: ids.policyId}, 'Policy id'), policyIdField,
        h('p', {class: 'field-help'}, own ? `This image's policy is ${own.id}; the same id replaces it.` : 'Lower-case letters, digits, ".", "_" and "-".')),
      h('div', {class: 'field field-inline'}, h('label', {for: ids.schedule}, 'Run every'), scheduleField,
        h('p', {class: 'field-help'}, 'Empty: only when a preview is applied.')),
      h('div', {class: 'field field-inline'}, actionButton({label: 'Save policy', kind: 'secondary',
        blocked: session.lacksRole(role, 'admin', 'Saving a retention policy'),
        attrs: {type: 'submit', dataset: {action: 'save-policy'}}}))),
      saveError);
  }

  async function save(trigger, saveError) {
    if (trigger?.getAttribute('aria-disabled') === 'true') {
      return;
    }
    saveError.textContent = '';
    const id = policyIdField.value.trim();
    const body = {scope: 'image', target: image.id, ...(rules() ?? {})};
    const schedule = scheduleField.value.trim();
    if (schedule) {
      body.schedule = schedule;
    }
    trigger.disabled = true;
    try {
      const saved = await api.putRetentionPolicy(id, body);
      announce(`Policy ${saved.id} saved for ${image.name} (revision ${saved.revision}).`);
      await loadPolicies();
    } catch (e) {
      saveError.textContent = sentence(e.message);
    } finally {
      trigger.disabled = false;
    }
  }

  // ---- runs ----

  async function loadRuns() {
    const shown = policies;
    if (!shown.length) {
      fill(runsBox, h('p', {class: 'muted'}, 'No policy names this image, so there are no runs to list. '
        + 'A plan of tried rules runs without a policy: its report opens from the notice after Apply.'));
      return;
    }
    let pages;
    try {
      pages = await Promise.all(shown.map((p) => api.listRetentionRuns(p.id, {limit: RUNS_PER_POLICY}, signal)));
    } catch (e) {
      if (e.name === 'AbortError') {
        return;
      }
      fill(runsBox, h('p', {class: 'field-error', role: 'alert'}, sentence(e.message)));
      return;
    }
    if (shown !== policies) {
      return;
    }
    const runs = pages.flatMap((p) => p.runs).sort((a, b) => (b.started_at ?? '').localeCompare(a.started_at ?? ''));
    const table = dataTable({caption: `Retention runs of ${shown.map((p) => p.id).join(', ')}`, columns: RUN_COLUMNS, className: 'retention-runs-table'});
    if (runs.length) {
      table.body.replaceChildren(...runs.flatMap((run) => runRows(run)));
    } else {
      table.empty('These policies have not run yet.');
    }
    const more = pages.some((p) => p.total > p.runs.length);
    fill(runsBox, table.element,
      more ? h('p', {class: 'muted'}, `The latest ${RUNS_PER_POLICY} runs of each policy; amc retention runs lists them all.`) : null);
  }

  function runRows(run) {
    const details = h('tr', {class: 'retention-run-details', hidden: true, dataset: {runDetails: run.id}},
      h('td', {colspan: RUN_COLUMNS.length}));
    const toggle = h('button', {type: 'button', class: 'btn btn-secondary btn-sm', 'aria-expanded': 'false',
      'aria-label': `Details of run ${run.id}`, dataset: {action: 'run-details'},
      onclick: () => toggleDetails(run.id, toggle, details, details.firstChild)}, 'Details');
    return [h('tr', {dataset: {runId: run.id}},
      h('td', {}, h('time', {datetime: run.started_at}, dateTimeIso(run.started_at))),
      h('td', {}, run.policy ?? '—'),
      h('td', {}, run.trigger ?? '—'),
      h('td', {class: 'num', dataset: {removed: ''}}, count(run.removed_count)),
      h('td', {class: 'num', dataset: {kept: ''}}, count(run.kept_count)),
      h('td', {class: 'num', dataset: {blocked: ''}}, count(run.blocked_count)),
      h('td', {class: 'num'}, bytes(run.bytes_freed)),
      h('td', {class: 'num'}, `${count(run.duration_ms)} ms`),
      h('td', {}, badge(run.outcome ?? '—', run.outcome === 'success' ? 'ok' : 'danger')),
      h('td', {class: 'col-actions'}, toggle)), details];
  }

  /** A plan of tried rules runs without a policy, so the Runs table cannot list it: its report opens here. */
  function appliedReport(runId) {
    const box = h('div', {dataset: {runDetails: runId}});
    const toggle = h('button', {type: 'button', class: 'btn btn-secondary btn-sm', 'aria-expanded': 'false', dataset: {action: 'applied-run'},
      onclick: () => toggleDetails(runId, toggle, box, box)}, 'Show the report');
    box.hidden = true;
    return [toggle, box];
  }

  async function toggleDetails(runId, toggle, details, cell) {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    details.hidden = !open;
    if (!open || details.dataset.loaded) {
      return;
    }
    fill(cell, h('p', {class: 'muted'}, 'Loading the run…'));
    try {
      const full = await api.getRetentionRun(runId, signal);
      details.dataset.loaded = 'true';
      const items = [
        ...(full.removed ?? []).map((item) => ({item, outcome: 'remove'})),
        ...(full.blocked ?? []).map((item) => ({item, outcome: 'blocked'})),
        ...(full.kept ?? []).map((item) => ({item, outcome: 'keep'})),
      ];
      const columns = itemColumns(items, image.id);
      const table = dataTable({caption: `Run ${runId}`, columns, className: 'retention-plan-table'});
      table.body.replaceChildren(...items.map(({item, outcome}) => itemRow(item, outcome, columns)));
      fill(cell,
        // The message names the plan, or says that a schedule ran without one.
        h('p', {}, sentence(full.message ?? ''), full.actor ? ` By ${full.actor}.` : '',
          full.finished_at ? ` Finished ${dateTimeIso(full.finished_at)}.` : ''),
        items.length ? table.element : null,
        (full.removed ?? []).some((i) => i.trash_id) ? h('p', {class: 'muted'}, 'Removed versions went to the ',
          h('a', {href: '/trash'}, 'recycle bin'), ' unless it has purged them since.') : null);
    } catch (e) {
      if (e.name === 'AbortError') {
        return;
      }
      fill(cell, h('p', {class: 'field-error', role: 'alert'}, sentence(e.message)));
    }
  }
}

function scopeLabel(p) {
  return {image: 'This image', type: `Every ${p.target} image`, global: 'Every image'}[p.scope] ?? p.scope;
}

function rulesText(p) {
  const parts = [];
  if (p.keep_last) {
    parts.push(`keeps the last ${p.keep_last}`);
  }
  if (p.older_than) {
    parts.push(`keeps versions newer than ${p.older_than}`);
  }
  if (p.unused_for) {
    parts.push(`keeps versions used within ${p.unused_for}`);
  }
  return parts.join(', ');
}

/**
 * What a plan is made from as far as this page sees it: the versions (fingerprints, last use), the
 * applications using the image, its protection. Only a hint that the plan may be out of date: the
 * server's check at apply is the one that counts (a pin moving between versions of one application
 * shows nowhere here).
 */
function versionsKey(image) {
  const versions = (image?.versions ?? []).map((v) => `${v.version}:${v.fingerprint}:${v.last_used_at ?? ''}`).sort();
  return JSON.stringify([versions, [...(image?.used_by ?? [])].sort(), Boolean(image?.protected), Boolean(image?.immutable)]);
}
