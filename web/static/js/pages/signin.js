// Sign in with an AMS bearer token. The token is checked against the server (GET /1.0 says
// whether it trusts it) before it is kept, and kept for this browser tab only.

import {h, fill, uid} from '../dom.js';
import * as api from '../api.js';
import * as session from '../session.js';
import {navigate} from '../router.js';

/** Only dashboard addresses: a crafted ?next= must not send the user to another site. */
function safeNext(query) {
  const next = query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/images';
}

export async function render({main, query}) {
  const tokenId = uid('token');
  const helpId = uid('token-help');
  const errorId = uid('signin-error');
  const input = h('input', {
    id: tokenId, name: 'token', type: 'password', autocomplete: 'current-password', required: true,
    spellcheck: 'false', 'aria-describedby': helpId,
  });
  const error = h('p', {id: errorId, class: 'field-error', role: 'alert'});
  const submit = h('button', {type: 'submit', class: 'btn btn-primary btn-block'}, 'Sign in');
  const notice = query.get('expired')
    ? h('p', {class: 'notice notice-warning'}, 'Your session ended: the server no longer accepts the token. Sign in again to continue.')
    : null;

  const form = h('form', {class: 'signin-form', novalidate: true},
    notice,
    h('div', {class: 'field'},
      h('label', {for: tokenId}, 'Access token'),
      input,
      h('p', {id: helpId, class: 'field-help'},
        'An AMS bearer token (viewer, operator or admin). It is kept in this browser tab only and forgotten when the tab closes.')),
    error,
    submit,
    tokenSources());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) {
      showError('Enter a token.');
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      const status = await api.status(value);
      if (status.auth !== 'trusted') {
        showError('The server does not accept this token.');
        return;
      }
      session.signIn(value);
      navigate(safeNext(query), {replace: true});
    } catch (e) {
      showError(e.message);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  });

  function showError(message) {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${helpId} ${errorId}`);
    input.focus();
  }

  fill(main, h('div', {class: 'signin'},
    h('div', {class: 'signin-card panel'},
      h('h1', {}, 'Sign in to AMS'),
      h('p', {class: 'muted'}, 'Manage the images and applications of this fleet.'),
      form)));
  input.focus();
  return 'Sign in';
}

/** Where a first token comes from, for someone who has just started the server. */
function tokenSources() {
  return h('div', {class: 'signin-help', dataset: {tokenHelp: ''}},
    h('h2', {}, 'Where do I get a token?'),
    h('p', {}, 'On its first start the server writes an admin token to ', h('code', {}, 'admin.token'), ' in its data directory: ',
      h('code', {}, '~/.local/share/ams/admin.token'), ', or ', h('code', {}, '$AMS_DATA_DIR/admin.token'),
      ' when AMS_DATA_DIR is set. Copy it with ', h('code', {}, 'cat ~/.local/share/ams/admin.token'),
      '. A server started with AMS_ADMIN_TOKEN takes that value as its admin token instead.'),
    h('p', {}, 'An admin makes tokens for others, shown once: ',
      h('code', {}, 'amc auth token create alice --role viewer'), ' (or operator, admin).'));
}
