import { BackupError } from '../backup/backup-manifest.ts';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { ImportFileError } from '../import/jsonl.ts';
import { MediaError } from '../media/media-error.ts';
import { StoreUnavailableError } from '../store/database.ts';

type Command = (config: Config, args: string[]) => Promise<number>;

/**
 * Each command's module, loaded only when it runs: `ghad serve` (and with it the job loop after
 * a restart) does not wait for the importers, backup and the rest to load (1.5 s for all of
 * them through tsx, 1.2 s for serve's alone).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => {
    const { serveCommand } = await import('./serve-command.ts');
    return (config, args) => serveCommand(config, args);
  },
  import: async () => (await import('./import-command.ts')).importCommand,
  export: async () => (await import('./export-command.ts')).exportCommand,
  backup: async () => (await import('./backup-command.ts')).backupCommand,
  restore: async () => (await import('./restore-command.ts')).restoreCommand,
  reindex: async () => (await import('./reindex-command.ts')).reindexCommand,
  entities: async () => (await import('./entities-command.ts')).entitiesCommand,
  user: async () => (await import('./user-command.ts')).userCommand,
  token: async () => (await import('./token-command.ts')).tokenCommand,
  webhook: async () => (await import('./webhook-command.ts')).webhookCommand,
  media: async () => (await import('./media-command.ts')).mediaCommand,
};

/** The help text, with every command's own usage (their modules loaded for it). */
async function usage(): Promise<string> {
  const [
    { SERVE_USAGE },
    { IMPORT_USAGE },
    { EXPORT_USAGE },
    { BACKUP_USAGE },
    { RESTORE_USAGE },
    { REINDEX_USAGE },
    { ENTITIES_USAGE },
    { USER_USAGE },
    { TOKEN_USAGE },
    { WEBHOOK_USAGE },
    { MEDIA_USAGE },
  ] = await Promise.all([
    import('./serve-command.ts'),
    import('./import-command.ts'),
    import('./export-command.ts'),
    import('./backup-command.ts'),
    import('./restore-command.ts'),
    import('./reindex-command.ts'),
    import('./entities-command.ts'),
    import('./user-command.ts'),
    import('./token-command.ts'),
    import('./webhook-command.ts'),
    import('./media-command.ts'),
  ]);
  return `ghad — Ghad (غد), an Arabic-first news publishing platform

${SERVE_USAGE}
${IMPORT_USAGE}
${EXPORT_USAGE}
${BACKUP_USAGE}
${RESTORE_USAGE}
${REINDEX_USAGE}
${ENTITIES_USAGE}
${USER_USAGE}
${TOKEN_USAGE}
${WEBHOOK_USAGE}
${MEDIA_USAGE}

Configuration comes from the environment: PORT, GHAD_DATA_DIR (./data), DATABASE_URL
(postgres://…; unset = SQLite in the data directory), GHAD_SITE_URL, GHAD_SITE_NAME,
GHAD_SITE_SLOGAN, GHAD_PAGE_CACHE (on|off), GHAD_TIME_ZONE (Africa/Casablanca), GHAD_DEMO (off|on),
GHAD_MEDIA_STORAGE (local|s3) with GHAD_S3_BUCKET, GHAD_S3_ENDPOINT, GHAD_S3_REGION and the AWS
credentials, GHAD_MEDIA_URL (a CDN address for images).`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(await usage());
    return command ? 0 : 2;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    console.error(`Unknown command "${command}".\n\n${await usage()}`);
    return 2;
  }
  const config = loadConfig();
  return (await load())(config, rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof ConfigError ||
    error instanceof StoreUnavailableError ||
    error instanceof ImportFileError ||
    error instanceof MediaError ||
    error instanceof BackupError
  ) {
    console.error(`ghad: ${error.message}`);
    process.exitCode = 1;
  } else if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`ghad: ${(error as Error).message}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
