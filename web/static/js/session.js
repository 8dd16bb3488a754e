// The token lives in sessionStorage: it is gone when the browser tab closes, and other sites'
// scripts cannot read it. It is never written to localStorage or a cookie.

const KEY = 'ams.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

export function signedIn() {
  return Boolean(token());
}
