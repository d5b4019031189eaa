import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

// The lint boundaries are rules too: each must refuse what it exists to refuse. Files are linted as text at paths
// inside the tree, so the path-scoped blocks of eslint.config.js apply as they do to real files.
const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint boundaries', () => {
  it('refuses a floating promise', async () => {
    expect(await problems('libs/config/src/env.ts', 'async function f() {}\nf();\nexport {};\n')).toEqual([expect.stringContaining('@typescript-eslint/no-floating-promises')]);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';", 'cannot use Node APIs'],
    ["import { Client } from '@temporalio/client';", 'imports only @temporalio/workflow'],
    ["import { Injectable } from '@nestjs/common';", 'imports only @temporalio/workflow and workflow-safe code'],
    ["import { createLogger } from '#libs/logging';", 'imports only libs/contracts'],
    ["import { x } from '../../../../services/harvest/src/main.js';", 'never imports services'],
    // Split so the path rewrite that introduced #libs leaves the sample alone.
    ["import { TaskQueue } from '../../../../" + "libs/contracts/src/index.js';", 'imports libs by name'],
  ])('keeps workflow code sandbox-safe: %s', async (line, message) => {
    const found = await problems('workflows/src/workflows/daily-pipeline/daily-pipeline.workflow.ts', `${line}\nexport {};\n`);
    expect(found).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it('lets workflow code import the workflow SDK and contracts', async () => {
    const code = "import { sleep } from '@temporalio/workflow';\nimport { TaskQueue } from '#libs/contracts';\nexport const q = [sleep, TaskQueue];\n";
    expect(await problems('workflows/src/workflows/daily-pipeline/daily-pipeline.workflow.ts', code)).toEqual([]);
  });

  it('refuses a service importing another service', async () => {
    const found = await problems('services/scoring/src/main.ts', "import { x } from '../../harvest/src/main.js';\nexport { x };\n");
    expect(found).toEqual([expect.stringContaining('services never import each other (scoring → harvest)')]);
  });

  it('keeps development fakes out of production service code', async () => {
    const found = await problems('services/harvest/src/main.ts', "import { x } from '../../../tools/dev-fakes/people-search/people-search.fake-server.js';\nexport { x };\n");
    expect(found).toEqual([expect.stringContaining('production code never imports tools')]);
  });

  it('refuses a lib importing a service', async () => {
    const found = await problems('libs/config/src/env.ts', "import { x } from '../../../services/api/src/main.js';\nexport { x };\n");
    expect(found).toEqual([expect.stringContaining('libs never import services')]);
  });
});
