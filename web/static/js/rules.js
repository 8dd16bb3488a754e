// The deletion rules (SPEC §3) that the dashboard can decide from the image alone, so that the
// button is unavailable with the reason before anyone clicks. Everything else (default image,
// applications, uploads in progress) depends on the rest of the fleet and is asked of the server
// with a dry run when the dialog opens.

/**
 * Deleting images and switching the default need the admin role; the server lists the caller's
 * AMS entitlements on each image, and only admin has can_delete. A server that sends none is
 * left to decide.
 */
function isAdmin(image) {
  return !Array.isArray(image.entitlements) || image.entitlements.includes('can_delete');
}

/** Why this image cannot be deleted by this session, or null when the dry run must tell. */
export function imageDeleteBlocked(image) {
  return isAdmin(image) ? null : 'Deleting images needs an admin token; this session signed in with a smaller role.';
}

export function makeDefaultBlocked(image) {
  return isAdmin(image) ? null : 'Switching the default image needs an admin token; this session signed in with a smaller role.';
}

/** Why one version of this image cannot be deleted, or null when only the server can tell. */
export function versionDeleteBlocked(image, version) {
  if (!isAdmin(image)) {
    return 'Deleting image versions needs an admin token; this session signed in with a smaller role.';
  }
  if (image.immutable) {
    return `${image.name} is immutable (synced from the image server): its versions cannot be deleted one by one. Delete the whole image instead.`;
  }
  if ((image.versions ?? []).length <= 1) {
    return `Version ${version} is the only version of ${image.name}: a single version must remain. Delete the image instead.`;
  }
  return null;
}

/** Creating and deleting applications needs operator or admin (SPEC §5 roles). */
export function applicationChangeBlocked(role, what) {
  return role === 'viewer' ? `${what} needs an operator or admin token; this session signed in as a viewer.` : null;
}

/** Switching the default image needs admin, whatever the image's entitlements say. */
export function defaultNeedsAdmin(role) {
  return role && role !== 'admin' ? 'Switching the default image needs an admin token; this session signed in with a smaller role.' : null;
}

/** Syncing a synced image (force_sync) needs operator or admin. */
export function syncBlocked(role) {
  return role === 'viewer' ? 'Syncing images needs an operator or admin token; this session signed in as a viewer.' : null;
}
