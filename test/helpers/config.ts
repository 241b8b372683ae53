import { type Config, loadConfig } from '../../src/config.ts';

/** A configuration for tests: the given data directory, cache on unless told otherwise. */
export function testConfig(overrides: Partial<Config> & { dataDir: string }): Config {
  return { ...loadConfig({ GHAD_SITE_URL: 'https://alghad24.test' }), ...overrides };
}
