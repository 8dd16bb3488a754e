// Client-side navigation over the page addresses the server answers with index.html
// (DashboardController), so that every view can be bookmarked and reloaded.

import * as session from './session.js';
import * as api from './api.js';

let routes = [];
let current = null;
let controller = null;

/**
 * routes: [{pattern: /^\/images\/([^/]+)$/, page: module, section: 'images', public: false}]
 * A page module exports `render({main, params, query, signal})`, returning the page's title.
 */
export function start(routeTable) {
  routes = routeTable;
  window.addEventListener('popstate', () => show(false));
  document.addEventListener('click', onLinkClick);
  show(false);
}

/** Goes to a dashboard address; `replace` keeps it out of the back button's history. */
export function navigate(url, {replace = false} = {}) {
  if (replace) {
    history.replaceState(null, '', url);
  } else {
    history.pushState(null, '', url);
  }
  show(true);
}

/** Changes the address bar without showing a new page (a list's filters and page number). */
export function updateQuery(params) {
  const url = new URL(location.href);
  url.search = '';
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(key, String(value));
    }
  }
  history.replaceState(null, '', url.pathname + url.search);
}

/** Where to come back to after signing in. */
export function currentAddress() {
  return location.pathname + location.search;
}

function onLinkClick(event) {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey
      || link.target || link.hasAttribute('download')) {
    return;
  }
  const url = new URL(link.href);
  if (url.origin !== location.origin || !match(url.pathname)) {
    return;
  }
  event.preventDefault();
  navigate(url.pathname + url.search);
}

function match(pathname) {
  for (const route of routes) {
    const found = route.pattern.exec(pathname);
    if (found) {
      return {route, params: found.slice(1).map(decodeURIComponent)};
    }
  }
  return null;
}

async function show(moveFocus) {
  controller?.abort();
  controller = new AbortController();
  const {signal} = controller;
  const found = match(location.pathname) ?? {route: routes.find((r) => r.notFound), params: []};
  const {route, params} = found;
  if (route.redirect) {
    navigate(route.redirect, {replace: true});
    return;
  }
  if (!route.public && !session.signedIn()) {
    navigate(`/signin?next=${encodeURIComponent(currentAddress())}`, {replace: true});
    return;
  }
  current = route;
  markSection(route.section);
  // Signed out, the sections would only lead back to sign-in.
  document.getElementById('sign-out').hidden = !session.signedIn();
  document.querySelector('.mainnav').hidden = !session.signedIn();
  // The audit trail is for admins: its link shows once the server names the role.
  const auditLink = document.getElementById('nav-audit');
  if (auditLink && session.signedIn()) {
    session.role(api.status).then((role) => { auditLink.hidden = role !== 'admin'; });
  }
  const main = document.getElementById('main');
  main.replaceChildren();
  main.removeAttribute('aria-busy');
  const query = new URLSearchParams(location.search);
  // Pages build their heading before they wait for data, so focus can move to it at once.
  const rendering = route.page.render({main, params, query, signal});
  // A new page is announced by moving focus to its heading, as a full page load would put the
  // reader at the top; on the first load focus stays where the browser puts it.
  // A page that put focus on its own first control (the sign-in field) keeps it.
  if (moveFocus && !main.contains(document.activeElement)) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({preventScroll: true});
    }
    window.scrollTo(0, 0);
  }
  try {
    const title = await rendering;
    if (!signal.aborted) {
      document.title = title ? `${title} · AMS` : 'AMS';
    }
  } catch (e) {
    if (e.name !== 'AbortError') {
      throw e;
    }
  }
}

function markSection(section) {
  for (const link of document.querySelectorAll('.mainnav a')) {
    if (link.dataset.section === section) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

export function currentRoute() {
  return current;
}
