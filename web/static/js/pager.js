// Paging for server-side lists: one page is fetched at a time, so that ten thousand images cost
// the same as ten. The pager sits above its table, so that a page with fewer rows than the one
// before (or than the placeholder rows) never moves it.

import {h, uid} from './dom.js';
import {count} from './format.js';

export const PAGE_SIZES = [25, 50, 100];

/** onChange({page, size}) is called when the user moves; update() redraws from the server's total. */
export function pager({label, onChange}) {
  const sizeId = uid('page-size');
  const summary = h('p', {class: 'pager-summary', 'aria-live': 'polite'}, '\u00a0');
  const first = h('button', {type: 'button', class: 'btn btn-secondary btn-sm', 'aria-label': 'First page'}, '«');
  const prev = h('button', {type: 'button', class: 'btn btn-secondary btn-sm'}, '‹ Previous');
  const position = h('span', {class: 'pager-position'}, '');
  const next = h('button', {type: 'button', class: 'btn btn-secondary btn-sm'}, 'Next ›');
  const last = h('button', {type: 'button', class: 'btn btn-secondary btn-sm', 'aria-label': 'Last page'}, '»');
  const size = h('select', {id: sizeId, class: 'select-sm'}, PAGE_SIZES.map((n) => h('option', {value: String(n)}, String(n))));
  const element = h('nav', {class: 'pager', 'aria-label': label},
    summary,
    h('div', {class: 'pager-controls'},
      h('label', {for: sizeId, class: 'pager-size'}, 'Rows per page', size),
      h('div', {class: 'pager-buttons'}, first, prev, position, next, last)));

  let state = {page: 1, size: PAGE_SIZES[0], total: 0};
  const pages = () => Math.max(1, Math.ceil(state.total / state.size));
  const go = (page) => onChange({page: Math.min(Math.max(1, page), pages()), size: state.size});
  first.addEventListener('click', () => go(1));
  prev.addEventListener('click', () => go(state.page - 1));
  next.addEventListener('click', () => go(state.page + 1));
  last.addEventListener('click', () => go(pages()));
  size.addEventListener('change', () => {
    // Keep the first row shown in view when the page size changes.
    const firstRow = (state.page - 1) * state.size;
    const newSize = Number(size.value);
    onChange({page: Math.floor(firstRow / newSize) + 1, size: newSize});
  });

  return {
    element,
    update({page, size: pageSize, total, shown}) {
      state = {page, size: pageSize, total};
      size.value = String(pageSize);
      const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
      const to = (page - 1) * pageSize + shown;
      summary.textContent = total === 0 ? 'No results' : `Showing ${count(from)}–${count(to)} of ${count(total)}`;
      position.textContent = `Page ${count(page)} of ${count(pages())}`;
      const hadFocus = element.contains(document.activeElement) ? document.activeElement : null;
      first.disabled = prev.disabled = page <= 1;
      next.disabled = last.disabled = page >= pages();
      // A button that becomes disabled drops focus to the page's start; keep it in the pager.
      if (hadFocus?.disabled) {
        (hadFocus === next || hadFocus === last ? prev : next).focus();
      }
    },
    pages,
  };
}

/** Page number and size from the address (?page=3&size=50), checked. */
export function pageFromQuery(query) {
  const size = Number(query.get('size'));
  const page = Number(query.get('page'));
  return {
    size: PAGE_SIZES.includes(size) ? size : PAGE_SIZES[0],
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}
