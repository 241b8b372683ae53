import { BackupError } from '../backup/backup-manifest.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { ImportFileError } from '../import/jsonl.ts';
import { StoreUnavailableError } from '../store/database.ts';
import { BACKUP_USAGE, backupCommand } from './backup-command.ts';
import { EXPORT_USAGE, exportCommand } from './export-command.ts';
import { IMPORT_USAGE, importCommand } from './import-command.ts';
import { REINDEX_USAGE, reindexCommand } from './reindex-command.ts';
import { RESTORE_USAGE, restoreCommand } from './restore-command.ts';
import { serveCommand } from './serve-command.ts';
import { TOKEN_USAGE, tokenCommand } from './token-command.ts';
import { USER_USAGE, userCommand } from './user-command.ts';
import { WEBHOOK_USAGE, webhookCommand } from './webhook-command.ts';

const USAGE = `ghad — Ghad (غد), an Arabic-first news publishing platform

npx ghad serve
    Starts the newspaper at http://localhost:$PORT (3000). An empty database first
    receives the demo newspaper; a newsroom without accounts first gets its owner
    (the one-time password is printed once).
${IMPORT_USAGE}
${EXPORT_USAGE}
${BACKUP_USAGE}
${RESTORE_USAGE}
${REINDEX_USAGE}
${USER_USAGE}
${TOKEN_USAGE}
${WEBHOOK_USAGE}

Configuration comes from the environment: PORT, GHAD_DATA_DIR (./data), DATABASE_URL
(postgres://…; unset = SQLite in the data directory), GHAD_SITE_URL, GHAD_SITE_NAME,
GHAD_SITE_SLOGAN, GHAD_PAGE_CACHE (on|off), GHAD_TIME_ZONE (Africa/Casablanca).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serveCommand(config);
    case 'import':
      return importCommand(config, rest);
    case 'export':
      return exportCommand(config, rest);
    case 'backup':
      return backupCommand(config, rest);
    case 'restore':
      return restoreCommand(config, rest);
    case 'reindex':
      return reindexCommand(config, rest);
    case 'user':
      return userCommand(config, rest);
    case 'token':
      return tokenCommand(config, rest);
    case 'webhook':
      return webhookCommand(config, rest);
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof ConfigError ||
    error instanceof StoreUnavailableError ||
    error instanceof ImportFileError ||
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
