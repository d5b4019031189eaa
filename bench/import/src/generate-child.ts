import { generateLeadsCsv, type GenerateOptions } from './generate-leads-csv.js';

/**
 * Runs the generator in a child process, so none of its memory is in the benchmark process (its RSS samples and
 * process.resourceUsage().maxRSS cover the COPY and the import only).
 */
process.once('message', (options: GenerateOptions) => {
  generateLeadsCsv(options).then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (err: Error) => process.send!({ ok: false, message: err.stack ?? err.message }, () => process.exit(1)),
  );
});
