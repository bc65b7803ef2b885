#!/usr/bin/env node
// `npm run framework:check <file>`: validates one framework file and lists every problem with its
// path in the file. Exit 0 when valid, 1 when not.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkFramework } from '../dist/src/features/reviews/framework.js';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run framework:check <file.json|file.yaml>');
  process.exit(2);
}
const result = checkFramework(readFileSync(file, 'utf8'), basename(file));
if (result.ok) {
  const f = result.framework;
  const statements = f.themes.reduce((n, t) => n + t.statements.length, 0);
  console.log(`${file}: valid. "${f.title}" (${f.id}, version ${f.version}): ${f.themes.length} themes, ${statements} statements, ${f.scale.levels.length} levels, variants ${f.variants.map((v) => v.id).join(', ')}.`);
} else {
  console.error(`${file}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; nothing would be loaded from it.`);
  for (const p of result.problems) console.error(`  ${p.path}: ${p.message}`);
  process.exit(1);
}
