import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Points TMPDIR (which test workers, the bot and Chromium inherit) at one scratch folder for the
 * run, so SQLite files and browser profiles land there. Answers the clean-up for the teardown.
 */
export function scratchTmpdir(): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'headway-run-'));
  process.env.TMPDIR = scratch;
  return () => rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
}
