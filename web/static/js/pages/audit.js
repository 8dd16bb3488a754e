// The audit trail (GET /1.0/audit, admin only): who did what to which image, newest first, with
// filters and paging kept in the address.

import {h, fill, uid} from '../dom.js';
import * as api from '../api.js';
import * as session from '../session.js';
import {updateQuery} from '../router.js';
import {pager, pageFromQuery} from '../pager.js';
import {badge, code, dataTable, pageHead} from '../ui.js';
import {plural} from '../format.js';
import {pagedTable} from '../paged-table.js';

const COLUMNS = [
  {label: 'Time', width: '12rem'},
  {label: 'Actor', width: '9rem'},
  // Fits image.version.delete on one line; longer names break after a dot rather than being cut.
  {label: 'Action', width: '13rem', className: 'col-action'},
  {label: 'Target'},
  {label: 'Force', width: '4.5rem'},
  {label: 'Dry run', width: '5.5rem'},
  {label: 'Outcome', width: '13rem', className: 'col-outcome'},
  {label: 'HTTP', width: '4.5rem', className: 'num'},
  {label: 'Operation', width: '9rem'},
];
const OUTCOMES = ['success', 'preview', 'refused', 'failed'];
const FILTERS = ['image', 'actor', 'action'];

export async function render({main, query, signal}) {
  const heading = h('h1', {}, 'Audit trail');
  fill(main, h('div', {class: 'page-head'}, heading), h('p', {class: 'muted loading-line'}, 'Loading the audit trail…'));
  const role = await session.role(api.status);
  if (role && role !== 'admin') {
    fill(main, pageHead({title: 'Audit trail', heading}),
      h('div', {class: 'panel empty-state', dataset: {reason: 'forbidden'}},
        h('p', {}, 'The audit trail needs the admin role; this session signed in as ' + (role === 'viewer' ? 'a viewer.' : 'an operator.')),
        h('p', {class: 'muted'}, 'Sign in with an admin token to see who changed or deleted what.')));
    return 'Audit trail';
  }

  // Dry runs (the delete dialogs ask one each time they open) are previews: they changed nothing,
  // so they are left out unless asked for.
  let state = {...pageFromQuery(query), outcome: OUTCOMES.includes(query.get('outcome')) ? query.get('outcome') : '',
    previews: query.get('previews') === 'shown'};
  for (const f of FILTERS) {
    state[f] = query.get(f) ?? '';
  }
  const total = h('span', {class: 'page-count'}, '\u00a0');
  const table = dataTable({caption: 'Audit trail', columns: COLUMNS, className: 'audit-table'});
  const paging = pager({label: 'Audit trail pages', onChange: (next) => load({...state, ...next})});
  const problem = h('div');

  const load = (next, options) => {
    state = next;
    return loadPage(next, options);
  };
  const loadPage = pagedTable({
    table, paging, problem, noun: 'Audit entries', signal,
    fetchPage: async (s, abort) => {
      const {entries, total: all} = await api.listAudit({offset: (s.page - 1) * s.size, limit: s.size,
        image: s.image, actor: s.actor, action: s.action, outcome: s.outcome,
        previews: s.previews || s.outcome === 'preview'}, abort);
      return {items: entries, total: all};
    },
    showItems: (entries, all) => {
      total.textContent = plural(all, 'entry', 'entries');
      if (entries.length) {
        table.body.replaceChildren(...entries.map(row));
      } else {
        table.empty('No audit entry matches these filters.');
      }
    },
    remember: (s) => updateQuery({image: s.image, actor: s.actor, action: s.action, outcome: s.outcome,
      previews: s.previews ? 'shown' : '',
      page: s.page > 1 ? s.page : '', size: s.size !== 25 ? s.size : ''}),
  });

  const fields = {};
  const inputs = FILTERS.map((f) => {
    const id = uid(`audit-${f}`);
    fields[f] = h('input', {id, type: 'search', name: f, value: state[f], autocomplete: 'off', spellcheck: 'false'});
    return h('div', {class: 'field field-inline'}, h('label', {for: id}, f[0].toUpperCase() + f.slice(1)), fields[f]);
  });
  const outcomeId = uid('audit-outcome');
  const outcome = h('select', {id: outcomeId, name: 'outcome'},
    h('option', {value: ''}, 'Any outcome'), OUTCOMES.map((o) => h('option', {value: o, selected: o === state.outcome}, o)));
  const previewsId = uid('audit-previews');
  const previews = h('input', {type: 'checkbox', id: previewsId, name: 'previews', checked: state.previews});
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter the audit trail'},
    inputs, h('div', {class: 'field field-inline'}, h('label', {for: outcomeId}, 'Outcome'), outcome),
    h('div', {class: 'field field-inline'}, previews, h('label', {for: previewsId}, 'Show previews (dry runs)')),
    h('button', {type: 'submit', class: 'btn btn-secondary'}, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = {...state, page: 1, outcome: outcome.value, previews: previews.checked};
    for (const f of FILTERS) {
      next[f] = fields[f].value.trim();
    }
    load(next);
  });
  outcome.addEventListener('change', () => form.requestSubmit());
  previews.addEventListener('change', () => form.requestSubmit());

  fill(main, pageHead({title: 'Audit trail', heading, meta: total}), form, problem,
    h('div', {class: 'panel panel-table'}, paging.element, table.element));
  table.skeleton(Math.min(state.size, 10));

  function row(entry) {
    const when = new Date(entry.time * 1000);  // Unix seconds, as every created_at
    return h('tr', {dataset: {auditId: String(entry.id), action: entry.action, outcome: entry.outcome}},
      h('td', {}, h('time', {datetime: when.toISOString()}, when.toLocaleString('en-GB', {dateStyle: 'medium', timeStyle: 'medium'}))),
      h('td', {}, entry.actor ?? '—', entry.client_address ? h('div', {class: 'muted'}, entry.client_address) : null),
      h('td', {class: 'col-action'}, code(breakable(entry.action))),
      h('td', {}, target(entry)),
      h('td', {}, entry.force ? 'yes' : 'no'),
      h('td', {}, entry.dry_run ? 'yes' : 'no'),
      h('td', {class: 'col-outcome'}, badge(entry.outcome, {success: 'ok', preview: 'muted', refused: 'accent'}[entry.outcome] ?? 'danger'),
        entry.reason ? [' ', h('span', {}, entry.reason)] : null),
      h('td', {class: 'num'}, entry.status == null ? '—' : String(entry.status)),
      h('td', {}, entry.operation ? code(entry.operation) : '—'));
  }

  function target(entry) {
    if (entry.image_id || entry.image_name) {
      const name = entry.image_name ?? entry.image_id;
      const label = entry.version != null ? `version ${entry.version} of ${name}` : name;
      return entry.image_id ? h('a', {href: `/images/${encodeURIComponent(entry.image_id)}`}, label) : label;
    }
    return entry.target ?? '—';
  }

  await load(state);
  return 'Audit trail';
}

/** The action name with a break opportunity after each dot: text and <wbr> elements, never markup. */
function breakable(action) {
  const parts = String(action ?? '').split('.');
  return parts.flatMap((part, i) => (i < parts.length - 1 ? [`${part}.`, h('wbr')] : [part]));
}
