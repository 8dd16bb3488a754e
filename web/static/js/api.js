// The AMS REST API as the dashboard uses it. Every answer is an envelope (sync, async or error);
// this module unwraps it so that pages see data or an ApiError carrying the server's message.

import * as session from './session.js';

/** A refusal or failure, with the server's own message and reason code (SPEC §3). */
export class ApiError extends Error {
  constructor(message, {status = 0, reason = null, metadata = {}} = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
    this.metadata = metadata ?? {};
  }
}

/** Sent on 401, so that the app can return to sign-in wherever the request came from. */
export const UNAUTHORIZED_EVENT = 'ams:unauthorized';

async function call(method, path, {query, body, headers = {}, signal, token = session.token()} = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(key, String(value));
    }
  }
  const init = {method, signal, headers: {Accept: 'application/json', ...headers}};
  if (token) {
    init.headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError('The server cannot be reached. Check your connection and try again.');
  }
  let envelope;
  try {
    envelope = await response.json();
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(`The server sent an unexpected answer (HTTP ${response.status}).`, {status: response.status});
  }
  return {envelope, response, operation: await unwrap(response.status, response.ok, envelope, signal)};
}

/** The envelope's refusal as an ApiError, its running operation waited on, or nothing for a sync answer. */
async function unwrap(status, ok, envelope, signal) {
  if (status === 401) {
    session.signOut();
    window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
  }
  if (envelope.type === 'error' || !ok) {
    throw new ApiError(envelope.error || `The request failed (HTTP ${status}).`, {
      status: envelope.error_code || status,
      reason: envelope.metadata?.reason ?? null,
      metadata: envelope.metadata,
    });
  }
  return envelope.type === 'async' ? settled(envelope.metadata, signal) : undefined;
}

const RUNNING = 103;

/**
 * This server finishes deletes and creates before answering, but AMS may answer 202 with a
 * running operation: then wait for it, so that the page never shows a change the server has not made.
 */
async function settled(operation, signal) {
  let op = operation;
  while (op && op.status_code === RUNNING) {
    const {envelope} = await call('GET', `/1.0/operations/${encodeURIComponent(op.id)}/wait`, {query: {timeout: 30}, signal});
    op = envelope.metadata;
  }
  if (!op || op.status_code >= 400 || op.status === 'Failure') {
    throw new ApiError(op?.err || 'The operation failed on the server.', {status: op?.status_code ?? 0, metadata: op?.metadata});
  }
  return op;
}

const enc = encodeURIComponent;

/** Service status; with a token, says whether the server trusts it. */
export async function status(token, signal) {
  const {envelope} = await call('GET', '/1.0', {token, signal});
  return envelope.metadata;
}

/** One page of images, filtered on the server; total counts every match, not just this page. */
export async function listImages({offset = 0, limit = 25, name, type} = {}, signal) {
  // The name filter is a prefix search (name_prefix): names that start with the typed text.
  const {envelope} = await call('GET', '/1.0/images', {query: {recursion: 1, offset, limit, name_prefix: name, type}, signal});
  return {images: envelope.metadata ?? [], total: envelope.total_size ?? (envelope.metadata ?? []).length};
}

/** Names for the create-application form: a page is enough to suggest, any name can be typed. */
export async function imageSuggestions(signal) {
  return (await listImages({limit: 100}, signal)).images;
}

/** The image and its ETag, which a delete sends back so that it only removes what was shown. */
export async function getImage(idOrName, {type, signal} = {}) {
  const {envelope, response} = await call('GET', `/1.0/images/${enc(idOrName)}`, {query: {type}, signal});
  return {image: envelope.metadata, etag: response.headers.get('ETag')};
}

function imagePath(id, version) {
  return version === undefined || version === null ? `/1.0/images/${enc(id)}` : `/1.0/images/${enc(id)}/${enc(version)}`;
}

/** What a delete would remove and what blocks it (DeletionReport); changes nothing. */
export async function deletionDryRun(id, {version, force = false, signal} = {}) {
  const {envelope} = await call('DELETE', imagePath(id, version), {query: {dry_run: true, force: force || undefined}, signal});
  return envelope.metadata;
}

export async function deleteImage(id, {version, force = false, etag} = {}) {
  const headers = etag ? {'If-Match': etag} : {};
  const {operation} = await call('DELETE', imagePath(id, version), {body: {force}, headers});
  return operation;
}

export async function makeDefault(id) {
  const {operation} = await call('PATCH', `/1.0/images/${enc(id)}`, {body: {default: true}});
  return operation;
}

export async function listApplications({offset = 0, limit = 25} = {}, signal) {
  const {envelope} = await call('GET', '/1.0/applications', {query: {recursion: 1, offset, limit}, signal});
  return {applications: envelope.metadata ?? [], total: envelope.total_size ?? (envelope.metadata ?? []).length};
}

export async function getApplication(id, signal) {
  const {envelope} = await call('GET', `/1.0/applications/${enc(id)}`, {signal});
  return envelope.metadata;
}

export async function createApplication({name, image, imageVersion, vm}) {
  const body = {name, image};
  if (imageVersion !== undefined && imageVersion !== null) {
    body.image_version = imageVersion;
  }
  if (vm) {
    body.vm = true;
  }
  const {operation} = await call('POST', '/1.0/applications', {body});
  return operation;
}

export async function deleteApplication(id) {
  const {operation} = await call('DELETE', `/1.0/applications/${enc(id)}`);
  return operation;
}

/** Publishes (true) or revokes (false) one version: the SDK's Publish/RevokeApplicationVersion. */
export async function setVersionPublished(id, number, published) {
  const {operation} = await call('PATCH', `/1.0/applications/${enc(id)}/${enc(number)}`, {body: {published}});
  return operation;
}

export async function deleteApplicationVersion(id, number, {force = false} = {}) {
  const {operation} = await call('DELETE', `/1.0/applications/${enc(id)}/${enc(number)}`, {body: {force}});
  return operation;
}

/** One page of the audit trail (admin only), newest first. */
export async function listAudit({offset = 0, limit = 50, image, actor, action, outcome, previews = true} = {}, signal) {
  const {envelope} = await call('GET', '/1.0/audit', {query: {offset, limit, image, actor, action, outcome,
    previews: previews ? undefined : false}, signal});
  const entries = envelope.metadata ?? [];
  // Without total_size, a full page means there may be more.
  const total = envelope.total_size ?? (offset + entries.length + (entries.length === limit ? 1 : 0));
  return {entries, total};
}

/** Downloads every version of a synced image not yet here (force_sync); resolves when the operation ends. */
export async function syncImage(id) {
  return call('PATCH', `/1.0/images/${enc(id)}`, {body: {force_sync: true}});
}

/** One page of the recycle bin (docs/trash.md), newest first. */
export async function listTrash({offset = 0, limit = 25} = {}, signal) {
  const {envelope} = await call('GET', '/1.0/trash', {query: {recursion: 1, offset, limit}, signal});
  return {items: envelope.metadata ?? [], total: envelope.total_size ?? (envelope.metadata ?? []).length};
}

/** Brings an entry of the bin back; `name` restores a whole image under another name (after name_taken). */
export async function restoreTrash(id, {name} = {}) {
  const {operation} = await call('POST', `/1.0/trash/${enc(id)}/restore`, {body: name ? {name} : undefined});
  return operation;
}

export async function purgeTrash(id) {
  const {operation} = await call('DELETE', `/1.0/trash/${enc(id)}`);
  return operation;
}

/** Protects an image (true) or asks for its protection to end (false), after the server's cooldown. */
export async function setProtected(id, value) {
  const {operation} = await call('PATCH', `/1.0/images/${enc(id)}`, {body: {protected: value}});
  return operation;
}

/** A one-use ticket that opens the event stream (GET /1.0/events?token=…): a WebSocket cannot carry the token. */
export async function eventTicket() {
  const {envelope} = await call('POST', '/1.0/events/auth');
  return envelope.metadata.token;
}

/**
 * Sends an image tarball as amc does: the file itself as the body (application/octet-stream),
 * and for a new image the X-AMS-Request header naming it. XMLHttpRequest rather than fetch,
 * because only it reports how much of the body has gone (onProgress(sent, total)).
 * image: null for a new image (POST /1.0/images/, version 0), or the id of the image whose
 * next version this is (PATCH /1.0/images/<id>). Resolves with the operation, whose metadata
 * names the image_id and version; a refusal rejects with the server's ApiError.
 */
export function uploadTarball({file, image = null, request = null, onProgress, signal} = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(image ? 'PATCH' : 'POST', image ? `/1.0/images/${enc(image)}` : '/1.0/images/');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    const token = session.token();
    if (token) {
      xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    }
    if (request) {
      xhr.setRequestHeader('X-AMS-Request', JSON.stringify(request));
    }
    xhr.upload.addEventListener('progress', (event) => onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size));
    xhr.addEventListener('load', () => {
      let envelope;
      try {
        envelope = JSON.parse(xhr.responseText);
      } catch (e) {
        reject(new ApiError(`The server sent an unexpected answer (HTTP ${xhr.status}).`, {status: xhr.status}));
        return;
      }
      unwrap(xhr.status, xhr.status >= 200 && xhr.status < 300, envelope, signal).then(resolve, reject);
    });
    // A server that refuses before reading the whole body may close the connection under it.
    xhr.addEventListener('error', () => reject(new ApiError('The upload was cut off: the server cannot be reached or closed the connection.')));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled.', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

/** Every retention policy (docs/retention.md); the caller shows those that name an image's scope. */
export async function listRetentionPolicies(signal) {
  const {envelope} = await call('GET', '/1.0/retention/policies', {query: {recursion: 1}, signal});
  return envelope.metadata ?? [];
}

/** Creates or replaces the policy `id`; admin, the role deletes need. */
export async function putRetentionPolicy(id, policy) {
  const {envelope} = await call('PUT', `/1.0/retention/policies/${enc(id)}`, {body: policy});
  return envelope.metadata;
}

/** The plan a stored policy ({policy}) or an ad-hoc one would carry out now; the server stores it until expires_at. */
export async function previewRetention(body, signal) {
  const {envelope} = await call('POST', '/1.0/retention/preview', {body, signal});
  return envelope.metadata;
}

/** Removes exactly the plan's versions, or refuses with 412 and metadata.changes before removing anything. */
export async function applyRetention(planId) {
  const {operation} = await call('POST', '/1.0/retention/apply', {body: {plan_id: planId}});
  return operation;
}

/** One policy's run reports, newest first (counts, no lists). */
export async function listRetentionRuns(policy, {limit = 20} = {}, signal) {
  const {envelope} = await call('GET', '/1.0/retention/runs', {query: {recursion: 1, policy, limit}, signal});
  return {runs: envelope.metadata ?? [], total: envelope.total_size ?? (envelope.metadata ?? []).length};
}

/** One run with its removed, kept and blocked lists. */
export async function getRetentionRun(id, signal) {
  const {envelope} = await call('GET', `/1.0/retention/runs/${enc(id)}`, {signal});
  return envelope.metadata;
}
