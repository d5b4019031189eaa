import pg from 'pg';
import { isApiKeyScope, ApiKeyStore, type ApiKeyRecord, type ApiKeyScope } from '#libs/api-keys';
import { embeddedPostgresUrl } from '../../launcher/src/embedded-postgres.js';

const usage = `usage:
  npm run keys -- create --name <who uses it> --scope read|write|admin
  npm run keys -- list
  npm run keys -- revoke <id>

Talks to DATABASE_URL if set, else to the embedded PostgreSQL that \`npm start\` runs (POSTGRES_PORT, default 5433).`;

/** `npm run keys`: create, list and revoke API keys straight in the API service's schema. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') return done(usage, 0);
  if (!['create', 'list', 'revoke'].includes(command)) return done(`unknown command ${command}\n\n${usage}`, 2);
  const name = option(rest, '--name');
  const scope = option(rest, '--scope');
  if (command === 'create' && (!name?.trim() || name.length > 100)) return done(`--name is required (1-100 characters)\n\n${usage}`, 2);
  if (command === 'create' && !isApiKeyScope(scope)) return done(`--scope must be read, write or admin\n\n${usage}`, 2);
  if (command === 'revoke' && !/^[0-9a-f]{16}$/.test(rest[0] ?? '')) return done(`revoke needs a key id (16 hex digits, the part after aicmo_)\n\n${usage}`, 2);
  const url = process.env.DATABASE_URL || embeddedPostgresUrl(Number(process.env.POSTGRES_PORT || 5433));
  const embedded = !process.env.DATABASE_URL;

  const client = new pg.Client({ connectionString: url, application_name: 'keys-cli' });
  try {
    await client.connect();
  } catch (err) {
    const why = (err as Error).message;
    return done(
      embedded
        ? `cannot reach the embedded PostgreSQL on 127.0.0.1:${process.env.POSTGRES_PORT || 5433} (${why}).\nIs the stack running? Start it with \`npm start\`, or set DATABASE_URL to the database the API uses.`
        : `cannot reach DATABASE_URL (${why})`,
      1,
    );
  }
  try {
    const store = new ApiKeyStore(async (text, params) => (await client.query(text, params)).rows);
    switch (command) {
      case 'create': {
        const created = await store.create(name!.trim(), scope as ApiKeyScope);
        return done(`created key ${created.id} "${created.name}" (${created.scope})\n\n  ${created.key}\n\nThis is the only time the key is shown; only its hash is kept. Send it as the x-api-key header.`, 0);
      }
      case 'list': {
        const keys = await store.list();
        return done(keys.length ? keys.map(line).join('\n') : 'no API keys yet', 0);
      }
      case 'revoke': {
        const id = rest[0]!;
        const revoked = await store.revoke(id);
        return revoked ? done(`revoked ${line(revoked)}`, 0) : done(`no API key ${id}`, 1);
      }
      default:
        return done(`unknown command ${command}\n\n${usage}`, 2);
    }
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return done('the API keys table does not exist yet: start the API once (`npm start`) so it migrates its schema', 1);
    throw err;
  } finally {
    await client.end();
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(name + '='))?.slice(name.length + 1);
}

function line(k: ApiKeyRecord): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
  return `${k.id}  ${k.scope.padEnd(5)}  ${state.padEnd(32)}  last used ${k.lastUsedAt ?? 'never'}  ${k.name}`;
}

function done(message: string, code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(message + '\n');
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
