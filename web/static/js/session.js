// The token lives in sessionStorage: it is gone when the browser tab closes, and other sites'
// scripts cannot read it. It is never written to localStorage or a cookie.

const KEY = 'ams.token';

/** Sent on window when a session starts or ends, so that the live updates follow it. */
export const SIGNED_IN_EVENT = 'ams:signed-in';
export const SIGNED_OUT_EVENT = 'ams:signed-out';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value);
  window.dispatchEvent(new CustomEvent(SIGNED_IN_EVENT));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
}

export function signedIn() {
  return Boolean(token());
}

// The caller's role (viewer, operator or admin) as GET /1.0 names it, asked once per token.
let known = {token: null, role: null};

/** Resolves to 'viewer', 'operator', 'admin', or null when the server does not say. */
export async function role(fetchStatus) {
  const current = token();
  if (known.token !== current) {
    known = {token: current, role: fetchStatus(current).then((status) => status?.role ?? null, () => null)};
  }
  return known.role;
}

const ROLES = ['viewer', 'operator', 'admin'];

/**
 * Why a session with this role cannot do `what`, which needs the role `needed`; null when it can,
 * or when the server did not name a role (it still refuses what the role does not allow). Deletes
 * are not asked here: each image and version carries the server's own blockers.
 */
export function lacksRole(role, needed, what) {
  if (!role || ROLES.indexOf(role) >= ROLES.indexOf(needed)) {
    return null;
  }
  return needed === 'admin'
    ? `${what} needs an admin token; this session signed in with a smaller role.`
    : `${what} needs an operator or admin token; this session signed in as a viewer.`;
}
