// Builds elements without innerHTML: every name and message shown comes from the server or the
// user, so text always goes in as text.

/**
 * h('button', {class: 'btn', type: 'button', onclick: fn, 'aria-label': '…'}, 'Delete')
 * Attributes set to false, null or undefined are left out; true sets an empty boolean attribute.
 * style takes an object ({width: '8rem'}), set property by property: the server's
 * Content-Security-Policy (style-src 'self') refuses style attributes, not the CSSOM.
 * Children may be strings, numbers, nodes, arrays of them, or null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'style') {
      Object.assign(el.style, value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value' || key === 'checked') {
      // Properties, so that they also apply after the user has typed.
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** Replaces all children of an element. */
export function fill(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

let nextId = 0;

/** A document-unique id, for label/aria-describedby pairs. */
export function uid(prefix = 'id') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}
