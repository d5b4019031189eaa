import { findOrInstallPythonTool, pythonVenvDir, type PythonTool } from '../../python-venv/src/python-venv.js';

/** Pinned: the CLI's flags and checks change between minor versions. */
export const SCHEMATHESIS_VERSION = '4.32.5';

const SCHEMATHESIS: PythonTool = { pip: 'schemathesis', version: SCHEMATHESIS_VERSION };

export function schemathesisVenvDir(): string {
  return pythonVenvDir(SCHEMATHESIS);
}

/**
 * The command that runs the Schemathesis CLI (`st`) from a Python venv in the cache, created once with
 * `pip install schemathesis==<pinned>` (tools/python-venv). See docs/decisions/0011-api-contract.md.
 */
export async function findOrInstallSchemathesis(say: (line: string) => void = () => {}): Promise<string[]> {
  return [await findOrInstallPythonTool(SCHEMATHESIS, say), '-m', 'schemathesis.cli'];
}
