// The last step of `npm run build`: each element's types for React 19, Vue 3 and Svelte 5, written
// from the custom-elements manifest (dist/custom-elements.json) to dist/types/{react,vue,svelte}.d.ts.
// What an element accepts is listed once, in the components' JSDoc; the types of its properties and
// events are the classes' own (`LoginBox['view']`, `LoginEvent`), imported from the package build.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const MANIFEST = 'dist/custom-elements.json';
const OUT = 'dist/types';

/**
 * The elements: tag, class, the properties a template may set (public, writable instance fields)
 * with the attribute of each, and the events. The attribute-only spelling (`client-id`) is kept
 * beside the property (`clientId`): in plain HTML and in React and Svelte templates both work.
 */
function elementsOf(manifest) {
  return manifest.modules.flatMap((module) => (module.declarations ?? []).filter((d) => d.customElement && d.tagName)).map((d) => ({
    tag: d.tagName,
    className: d.name,
    properties: (d.members ?? [])
      .filter((m) => m.kind === 'field' && !m.privacy && !m.static && !m.readonly)
      .map((m) => ({ name: m.name, attribute: m.attribute, description: m.description })),
    events: (d.events ?? []).map((e) => ({ name: e.name, type: e.type?.text ?? 'Event', description: e.description })),
  })).sort((a, b) => a.tag.localeCompare(b.tag));
}

const doc = (text, indent) => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\n/g, ' ')} */\n` : '');
const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);
const camel = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
/** React's and Svelte's handler names: `on` + the event's own name (`onpassword-changed`). */
const on = (name) => `on${name}`;

/** `domain?: LoginBox['domain'];` for each property, plus `'client-id'?: LoginBox['clientId'];` where the attribute differs. */
function propertyLines(element, indent, { attributes }) {
  return element.properties.flatMap((p) => {
    const type = `${element.className}['${p.name}']`;
    const lines = [`${doc(p.description, indent)}${indent}${key(p.name)}?: ${type};`];
    if (attributes && p.attribute && p.attribute !== p.name) lines.push(`${indent}${key(p.attribute)}?: ${type};`);
    return lines;
  });
}

/** One handler per event, named `onlogin` / `onpassword-changed` (React, Svelte) or `onLogin` / `onPasswordChanged` (Vue). */
function handlerLines(element, indent, name) {
  return element.events.map((e) => `${doc(e.description, indent)}${indent}${key(name(e.name))}?: (event: ${e.type}) => void;`);
}

function imports(elements) {
  const names = new Set(elements.flatMap((e) => [e.className, ...e.events.map((event) => event.type)]));
  names.delete('Event');
  return `import type { ${[...names].sort().join(', ')} } from '../lib/index.js';`;
}

/** The name users import, so each file's `Use:` line follows package.json. */
const PACKAGE = JSON.parse(readFileSync('package.json', 'utf8')).name;

const propsName = (element) => `${element.className}Props`;

/**
 * What each framework's file says differently: how the framework treats the tags (`about`), its
 * import, what a props interface extends (`base`) and adds (`extra`), whether the attribute
 * spelling is typed beside the property, how handlers are named, and the interface (in `module`,
 * nested in `scopes`) that maps each tag to its props (`entry`).
 */
const FRAMEWORKS = {
  react: {
    about: 'React 19 sets a property when the element has one (else an attribute) and listens to `on<event>`.',
    import: `import type * as React from 'react';`,
    takes: 'in JSX: its properties, its attributes and an `on<event>` handler for each event',
    base: (e) => `React.HTMLAttributes<${e.className}>`,
    extra: (e) => [`ref?: React.Ref<${e.className}>;`],
    attributes: true,
    handler: on,
    module: 'react',
    scopes: ['namespace JSX', 'interface IntrinsicElements'],
    entry: propsName,
  },
  vue: {
    about: 'Vue 3 templates; tell the compiler the tags are custom elements (compilerOptions.isCustomElement).',
    import: `import type { DefineComponent } from 'vue';`,
    takes: 'in a template: its properties (`client-id` or `clientId`) and `@event` handlers',
    attributes: false,
    handler: (name) => camel(`on-${name}`),
    module: 'vue',
    scopes: ['interface GlobalComponents'],
    entry: (e) => `DefineComponent<${propsName(e)}>`,
  },
  svelte: {
    about: 'Svelte 5 sets a property when the element has one (else an attribute) and listens to `on<event>`.',
    import: `import type { HTMLAttributes } from 'svelte/elements';`,
    takes: 'in markup: its properties, its attributes and an `on<event>` handler for each event',
    base: (e) => `HTMLAttributes<${e.className}>`,
    attributes: true,
    handler: on,
    module: 'svelte/elements',
    scopes: ['interface SvelteHTMLElements'],
    entry: propsName,
  },
};

/** One framework's declarations: a props interface per element, and the tags added to the framework's own interface. */
function declarations(file, framework, elements) {
  const props = elements.map((e) => `/** What \`<${e.tag}>\` takes ${framework.takes}. */
export interface ${propsName(e)}${framework.base ? ` extends ${framework.base(e)}` : ''} {
${[
  ...(framework.extra?.(e) ?? []).map((line) => `  ${line}`),
  ...propertyLines(e, '  ', { attributes: framework.attributes }),
  ...handlerLines(e, '  ', framework.handler),
].join('\n')}
}`);
  const depth = framework.scopes.length;
  const indent = (level) => '  '.repeat(level);
  return `// Generated by scripts/framework-types.mjs from custom-elements.json (npm run build): do not edit.
// ${framework.about}
// Use: import type {} from '${PACKAGE}/${file}';
${framework.import}
${imports(elements)}

${props.join('\n\n')}

declare module '${framework.module}' {
${[
  ...framework.scopes.map((scope, level) => `${indent(level + 1)}${scope} {`),
  ...elements.map((e) => `${indent(depth + 1)}'${e.tag}': ${framework.entry(e)};`),
  ...framework.scopes.map((_, level) => `${indent(depth - level)}}`),
].join('\n')}
}
`;
}

const elements = elementsOf(JSON.parse(readFileSync(MANIFEST, 'utf8')));
if (elements.length === 0) throw new Error(`${MANIFEST} lists no custom element`);
mkdirSync(OUT, { recursive: true });
const written = Object.entries(FRAMEWORKS).map(([file, framework]) => {
  writeFileSync(`${OUT}/${file}.d.ts`, declarations(file, framework, elements));
  return `${OUT}/${file}.d.ts`;
});
console.log(`framework types: ${written.join(', ')} for ${elements.map((e) => `<${e.tag}>`).join(', ')}`);
