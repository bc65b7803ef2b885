// Types for scripts/package.mjs, which the tests import.
export function readEnvFile(path: string): Record<string, string>;
export function fillManifest(text: string, values: Record<string, string | undefined>): { filled: string; missing: string[] };
export function zip(files: { name: string; data: Buffer }[]): Buffer;
export function buildPackage(env: string, overrides?: Record<string, string | undefined>, base?: string): string;
