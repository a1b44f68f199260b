// `cem analyze` (part of npm run build): the custom-elements manifest from the components' JSDoc.

/**
 * The analyzer also guesses events from `dispatchEvent(new XEvent(arg))`, naming them after the
 * first argument ("email"); the `@fires` tags already list every event, so only those are kept.
 */
const documentedEventsOnly = {
  name: 'documented-events-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        if (declaration.events) declaration.events = declaration.events.filter((event) => event.description);
      }
    }
  },
};

export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/adopt-styles.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false, // package.json's customElements field is written by hand
  plugins: [documentedEventsOnly],
};
