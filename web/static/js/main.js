// Starts the dashboard: the page addresses, sign-out, and the return to sign-in on a 401.

import * as router from './router.js';
import * as session from './session.js';
import {UNAUTHORIZED_EVENT} from './api.js';
import * as signin from './pages/signin.js';
import * as images from './pages/images.js';
import * as imageDetails from './pages/image-details.js';
import * as applications from './pages/applications.js';
import * as applicationDetails from './pages/application-details.js';
import * as audit from './pages/audit.js';
import * as trash from './pages/trash.js';
import * as notFound from './pages/not-found.js';
import * as live from './live.js';

const routes = [
  {pattern: /^\/$/, redirect: '/images'},
  {pattern: /^\/signin\/?$/, page: signin, public: true},
  {pattern: /^\/images\/?$/, page: images, section: 'images'},
  {pattern: /^\/images\/([^/]+)\/?$/, page: imageDetails, section: 'images'},
  {pattern: /^\/applications\/?$/, page: applications, section: 'applications'},
  {pattern: /^\/applications\/([^/]+)\/?$/, page: applicationDetails, section: 'applications'},
  {pattern: /^\/trash\/?$/, page: trash, section: 'trash'},
  {pattern: /^\/audit\/?$/, page: audit, section: 'audit'},
  {pattern: /^$/, page: notFound, notFound: true},
];

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  router.navigate('/signin', {replace: true});
});

// Any request refused with 401 (token revoked, server restarted with new tokens) ends the
// session: back to sign-in, then to the same page.
window.addEventListener(UNAUTHORIZED_EVENT, () => {
  if (router.currentRoute()?.page === signin) {
    return;
  }
  for (const dialog of document.querySelectorAll('dialog[open]')) {
    dialog.close();
  }
  router.navigate(`/signin?expired=1&next=${encodeURIComponent(router.currentAddress())}`, {replace: true});
});

router.start(routes);
live.start();
