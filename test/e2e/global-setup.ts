import { scratchTmpdir } from '../harness/scratch.js';

/** The journeys' SQLite files and Chromium profiles go in one scratch folder, removed at the end. */
export default function setup(): () => void {
  return scratchTmpdir();
}
