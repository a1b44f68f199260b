// `cem analyze` (part of npm run build): the custom-elements manifest from the components' JSDoc.
export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/adopt-styles.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false, // package.json's customElements field is written by hand
};
