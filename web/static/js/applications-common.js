// What the application pages share: the version in effect and the names of the pinned images.

import * as api from './api.js';

/** The highest-numbered version: the one the application runs. */
export function latestVersion(application) {
  const versions = application.versions ?? [];
  return versions.reduce((best, v) => (!best || v.number > best.number ? v : best), null);
}

/**
 * Image names for the images these applications pin, one request per distinct image (a page of
 * applications uses few images). Images deleted from the catalogue have no name.
 */
export async function imageNames(applications, signal) {
  const ids = new Set();
  for (const a of applications) {
    for (const v of a.versions ?? []) {
      ids.add(v.parent_image_id);
    }
    if (a.parent_image_id) {
      ids.add(a.parent_image_id);
    }
  }
  const names = new Map();
  await Promise.all([...ids].map(async (id) => {
    try {
      names.set(id, (await api.getImage(id, {signal})).image.name);
    } catch (e) {
      if (e.name === 'AbortError') {
        throw e;
      }
    }
  }));
  return names;
}
