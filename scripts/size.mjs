// Prints the gzip size of the one-tag embed bundle and fails above the budget (the CI gate).
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 20_000;
const GOAL = 14_000;
const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

const entry = gzip('dist/login-box.js');
console.log(`size: dist/login-box.js is ${entry} bytes gzipped (budget ${BUDGET}, goal ${GOAL})`);
// Loaded later, on demand: the contract (zod) with the first request, a dictionary when its language is asked for.
const DICTIONARY_BUDGET = 1_500; // issue 14: each language's chunk at most 1.5 kB gzip
const dictionary = /^(?:[a-z]{2})(?:-[A-Z]{2})?-[\w-]{8}\.js$/; // "pt-BR-<hash>.js": vite names a locale chunk after its module
const overweight = [];
for (const chunk of readdirSync('dist/chunks').sort()) {
  const bytes = gzip(`dist/chunks/${chunk}`);
  console.log(`size:   dist/chunks/${chunk} ${bytes} bytes gzipped (lazy)`);
  if (dictionary.test(chunk) && bytes > DICTIONARY_BUDGET) overweight.push(`${chunk} (${bytes})`);
}
if (overweight.length > 0) {
  console.error(`size: dictionary chunks over ${DICTIONARY_BUDGET} bytes gzipped: ${overweight.join(', ')}`);
  process.exit(1);
}
// A chunk the entry imports statically loads with every page: it is not lazy, and the one-tag
// bundle would be two requests (a lazy module importing Lit once split Lit out like that).
const staticImports = [...readFileSync('dist/login-box.js', 'utf8').matchAll(/\bimport\s*(?:[\w$*{},\s]+from\s*)?["'`](\.[^"'`]+)["'`]/g)].map((m) => m[1]);
if (staticImports.length > 0) {
  console.error(`size: dist/login-box.js imports ${staticImports.join(', ')} statically; only dynamic import() may load chunks`);
  process.exit(1);
}
if (entry > BUDGET) {
  console.error(`size: dist/login-box.js is ${entry - BUDGET} bytes over the ${BUDGET}-byte budget`);
  process.exit(1);
}
