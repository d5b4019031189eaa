/** Command line of the stages benchmark. */

export const USAGE = `usage: node dist/bench/stages/src/main.js [options]
  --leads N      leads generated into the campaign (default 1000000)
  --domains N    distinct company mail domains the leads are spread over (default 50000)
  --seed N       data seed (default 1)
  --keep         keep the temp directory (database, logs) and print its path
  --verbose      print every component's log lines as well as writing them to files`;

export interface Options {
  leads: number;
  domains: number;
  seed: number;
  keep: boolean;
  verbose: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): Options {
  const o: Options = { leads: 1_000_000, domains: 50_000, seed: 1, keep: false, verbose: false };
  const int = (flag: string, value: string | undefined, min: number) => {
    const n = Number(value?.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs a whole number of at least ${min} (got ${value ?? 'nothing'})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--leads': o.leads = int(flag, value(), 1); break;
      case '--domains': o.domains = int(flag, value(), 1); break;
      case '--seed': o.seed = int(flag, value(), 0); break;
      case '--keep': o.keep = true; break;
      case '--verbose': o.verbose = true; break;
      case '--help': case '-h': console.log(USAGE); process.exit(0);
      default: throw new UsageError(`unknown option ${arg}`);
    }
  }
  return o;
}
