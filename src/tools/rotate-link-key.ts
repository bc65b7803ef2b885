import { systemClock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';
import { openStore } from '../store/open.js';
import { FileLinks } from '../teams/links.js';

/**
 * `npm run links:rotate`: makes a new key current for signed file links, on the store the
 * settings name (run it where the bot runs, e.g. the App Service console). Links already sent
 * keep working until they expire (an hour); the key before is dropped at the next rotation an
 * hour or more later. Other instances pick the new key up when they meet a link signed with it.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config);
  try {
    const kid = await new FileLinks(store, systemClock, config.PUBLIC_URL).rotate();
    console.log(`Signed links now use key ${kid}. Links sent before keep working until they expire.`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
