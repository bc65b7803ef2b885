import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * Maturity-review frameworks are data: a JSON or YAML file per framework, validated whole. A file
 * with any problem is not loaded at all, and every problem is reported with its path in the file.
 */

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens');
const Text = z.string().trim().min(1, 'must not be empty');

export const RESERVED_ANSWERS = ['not-in-place', 'query'] as const;

export const FrameworkSchema = z
  .object({
    id: Id,
    title: Text,
    version: Text,
    source: Text,
    variants: z.array(z.object({ id: Id, title: Text })).min(1, 'list at least one variant'),
    scale: z.object({
      levels: z.array(z.object({ id: Id, label: Text, description: Text })).min(2, 'a scale needs at least two levels'),
      notInPlace: z.object({ label: Text }),
      query: z.object({ label: Text }),
    }),
    themes: z
      .array(
        z.object({
          id: Id,
          title: Text,
          summary: z.string().optional(),
          statements: z
            .array(z.object({ id: Id, text: Text, levels: z.record(Text).optional(), variants: z.array(Id).optional() }))
            .min(1, 'a theme needs at least one statement'),
          signposting: z.array(z.object({ title: Text, detail: z.string().optional(), url: z.string().url().optional() })).default([]),
        }),
      )
      .min(1, 'list at least one theme'),
  })
  .strict()
  .superRefine((f, ctx) => {
    const duplicate = (ids: string[], path: (string | number)[], what: string) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [...path, i, 'id'], message: `${what} id "${id}" is used twice` });
        seen.add(id);
      });
    };
    duplicate(f.variants.map((v) => v.id), ['variants'], 'variant');
    duplicate(f.scale.levels.map((l) => l.id), ['scale', 'levels'], 'level');
    duplicate(f.themes.map((t) => t.id), ['themes'], 'theme');
    f.scale.levels.forEach((l, i) => {
      if ((RESERVED_ANSWERS as readonly string[]).includes(l.id)) ctx.addIssue({ code: 'custom', path: ['scale', 'levels', i, 'id'], message: `"${l.id}" is reserved for the answer that is not a level` });
    });
    const levelIds = new Set(f.scale.levels.map((l) => l.id));
    const variantIds = new Set(f.variants.map((v) => v.id));
    const statementIds = new Set<string>();
    f.themes.forEach((theme, t) =>
      theme.statements.forEach((statement, s) => {
        const path = ['themes', t, 'statements', s];
        if (statementIds.has(statement.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `statement id "${statement.id}" is used twice` });
        statementIds.add(statement.id);
        for (const key of Object.keys(statement.levels ?? {})) if (!levelIds.has(key)) ctx.addIssue({ code: 'custom', path: [...path, 'levels', key], message: `"${key}" is not a level of the scale` });
        for (const variant of statement.variants ?? []) if (!variantIds.has(variant)) ctx.addIssue({ code: 'custom', path: [...path, 'variants'], message: `"${variant}" is not a variant of this framework` });
      }),
    );
  });
export type Framework = z.infer<typeof FrameworkSchema>;

export interface Problem {
  path: string;
  message: string;
}

export type CheckResult = { ok: true; framework: Framework } | { ok: false; problems: Problem[] };

/** Parses and validates one framework file's text. */
export function checkFramework(text: string, filename: string): CheckResult {
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(filename) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', message: `not valid ${/\.ya?ml$/i.test(filename) ? 'YAML' : 'JSON'}: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const parsed = FrameworkSchema.safeParse(data);
  if (parsed.success) return { ok: true, framework: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => ({ path: i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : '(file)', message: i.message })) };
}

/** The statements a variant uses, in order. */
export function statementsFor(theme: Framework['themes'][number], variant: string) {
  return theme.statements.filter((s) => !s.variants || s.variants.includes(variant));
}

export interface Loaded {
  frameworks: Map<string, Framework>;
  rejected: { file: string; problems: Problem[] }[];
}

/** Reads every .json/.yaml framework in `dir`. Invalid files are left out whole and reported. */
export function loadFrameworks(dir: string): Loaded {
  const loaded: Loaded = { frameworks: new Map(), rejected: [] };
  for (const file of readdirSync(dir).sort()) {
    if (!['.json', '.yaml', '.yml'].includes(extname(file).toLowerCase())) continue;
    const result = checkFramework(readFileSync(join(dir, file), 'utf8'), file);
    if (!result.ok) loaded.rejected.push({ file, problems: result.problems });
    else if (loaded.frameworks.has(result.framework.id)) loaded.rejected.push({ file, problems: [{ path: 'id', message: `framework id "${result.framework.id}" is already loaded from another file` }] });
    else loaded.frameworks.set(result.framework.id, result.framework);
  }
  return loaded;
}
