// An address that the server serves (it has no way to know all of ours) but no page answers.

import {h, fill} from '../dom.js';

export async function render({main}) {
  fill(main,
    h('div', {class: 'page-head'}, h('h1', {}, 'Page not found')),
    h('div', {class: 'panel empty-state'},
      h('p', {}, `Nothing lives at ${location.pathname}.`),
      h('p', {}, h('a', {href: '/images'}, 'Go to the images'))));
  return 'Page not found';
}
