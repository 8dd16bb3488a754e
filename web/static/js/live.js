// Live updates: one websocket on the server's event stream (docs/events.md) per page load, opened
// with a one-use ticket (a browser cannot send the bearer token on a WebSocket), reopened with
// backoff and a new ticket when it drops. Pages say which lifecycle events concern what they show;
// they are told, debounced, and re-read it from the server. The indicator in the top bar says
// whether the page is live.

import * as api from './api.js';
import * as session from './session.js';
import {h} from './dom.js';

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30000;
const DEBOUNCE_MS = 300;

const watchers = new Set();
let socket = null;
let retryMs = FIRST_RETRY_MS;
let retryTimer = null;
let generation = 0;
let indicator = null;

/** Starts the stream once signed in; signing out (or a 401) closes it. */
export function start() {
  indicator = h('span', {id: 'live', class: 'live', role: 'status', dataset: {state: 'offline'}, hidden: true},
    h('span', {class: 'live-dot', 'aria-hidden': 'true'}), h('span', {class: 'live-text'}, ''));
  document.getElementById('sign-out').before(indicator);
  window.addEventListener(session.SIGNED_IN_EVENT, connect);
  window.addEventListener(session.SIGNED_OUT_EVENT, disconnect);
  window.addEventListener(api.UNAUTHORIZED_EVENT, disconnect);
  connect();
}

/**
 * Calls `reload` (debounced) when a lifecycle event's metadata matches `concerns`, and after the
 * stream reconnects (events sent meanwhile are not sent again). Ends when `signal` aborts, i.e.
 * when the page is left. A reload waits while a dialog is open, so that nothing moves under it.
 */
export function watch(concerns, reload, signal) {
  let timer = null;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (signal.aborted) {
        return;
      }
      if (document.querySelector('dialog[open]')) {
        fire();
        return;
      }
      reload();
    }, DEBOUNCE_MS);
  };
  const watcher = {concerns, fire};
  watchers.add(watcher);
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    watchers.delete(watcher);
  });
}

async function connect() {
  if (socket || !session.signedIn()) {
    return;
  }
  clearTimeout(retryTimer);
  const mine = ++generation;
  show('connecting');
  let ticket;
  try {
    ticket = await api.eventTicket();
  } catch (e) {
    if (mine === generation && session.signedIn()) {
      retry(mine);
    }
    return;
  }
  if (mine !== generation || !session.signedIn()) {
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${scheme}//${location.host}/1.0/events?type=lifecycle&token=${encodeURIComponent(ticket)}`);
  socket = ws;
  let wasOpen = false;
  ws.addEventListener('open', () => {
    wasOpen = true;
    retryMs = FIRST_RETRY_MS;
    show('connected');
    // What changed while the page was not listening is read again.
    if (mine > 1) {
      watchers.forEach((w) => w.fire());
    }
  });
  ws.addEventListener('message', (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message?.type !== 'lifecycle' || typeof message.metadata !== 'object' || message.metadata === null) {
      return;
    }
    for (const w of watchers) {
      if (w.concerns(message.metadata)) {
        w.fire();
      }
    }
  });
  ws.addEventListener('close', () => {
    if (socket === ws) {
      socket = null;
    }
    if (mine === generation && session.signedIn()) {
      if (wasOpen) {
        retryMs = FIRST_RETRY_MS;
      }
      retry(mine);
    }
  });
}

function retry(mine) {
  show('reconnecting');
  // Jitter, so that every open tab does not come back at the same instant after a restart.
  const wait = retryMs * (0.75 + Math.random() * 0.5);
  retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  retryTimer = setTimeout(() => {
    if (mine === generation) {
      connect();
    }
  }, wait);
}

function disconnect() {
  generation++;
  clearTimeout(retryTimer);
  retryMs = FIRST_RETRY_MS;
  const ws = socket;
  socket = null;
  ws?.close();
  show('offline');
}

const LABELS = {
  connecting: ['Connecting…', 'Connecting to the server for live updates.'],
  connected: ['Live', 'Live: this page updates as the catalogue changes.'],
  reconnecting: ['Reconnecting…', 'Live updates paused: reconnecting to the server.'],
  offline: ['', ''],
};

function show(state) {
  if (!indicator) {
    return;
  }
  const [text, title] = LABELS[state];
  indicator.dataset.state = state;
  indicator.hidden = state === 'offline';
  indicator.title = title;
  indicator.querySelector('.live-text').textContent = text;
}
