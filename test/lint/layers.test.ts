import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

// The repository's own eslint.config.js, on snippets linted as if they were files of a layer. The layer rules
// are not type-aware, and the snippets' files do not exist, so type-aware linting is switched off for them.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked },
});

/** The layer-rule messages for `code` written at `filePath`; fails on a parse error, so a pass is a real pass. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each(['node:os', 'os', 'events', 'node:events', 'util', 'fs/promises'])(
    'refuse a value import of the Node builtin %s in src/workflows',
    async (builtin) => {
      const errors = await layerErrors(
        'src/workflows/probe.ts',
        `import * as m from '${builtin}';\nexport const probe = m;\n`,
      );
      expect(errors).toEqual([expect.stringContaining('workflows must be deterministic')]);
    },
  );

  it('let src/workflows import a Node builtin as a type', async () => {
    expect(await layerErrors('src/workflows/probe.ts', "import type { EventEmitter } from 'node:events';\n")).toEqual(
      [],
    );
  });

  it('refuse a value import of src/db in a nested src/workflows file', async () => {
    const errors = await layerErrors(
      'src/workflows/nested/probe.ts',
      "import { createDb } from '../../db/pool.ts';\nexport const probe = createDb;\n",
    );
    expect(errors).toEqual([expect.stringContaining('src/workflows may not import src/db')]);
  });

  it('let src/workflows import src/db as a type', async () => {
    expect(
      await layerErrors('src/workflows/probe.ts', "import type { RunSummary } from '../db/collection-runs.ts';\n"),
    ).toEqual([]);
  });

  it('refuse I/O packages in src/workflows', async () => {
    const errors = await layerErrors(
      'src/workflows/probe.ts',
      "import { Client } from '@temporalio/client';\nimport pg from 'pg';\nexport const probe = [Client, pg];\n",
    );
    expect(errors).toHaveLength(2);
  });

  it('refuse src/db in src/intel, even as a type', async () => {
    const errors = await layerErrors(
      'src/intel/rules/probe.ts',
      "import type { ActionRow } from '../../db/actions.ts';\n",
    );
    expect(errors).toEqual([expect.stringContaining('src/intel may not import src/db')]);
  });

  it('refuse src/bot in src/slack', async () => {
    const errors = await layerErrors(
      'src/slack/blocks/probe.ts',
      "import { parseCommand } from '../../bot/commands/parse.ts';\nexport const probe = parseCommand;\n",
    );
    expect(errors).toEqual([expect.stringContaining('src/slack may not import src/bot')]);
  });

  it('refuse src/emulators in src/activities', async () => {
    const errors = await layerErrors(
      'src/activities/probe.ts',
      "import { startSlackEmulator } from '../emulators/slack/index.ts';\nexport const probe = startSlackEmulator;\n",
    );
    expect(errors).toEqual([expect.stringContaining('src/activities may not import src/emulators')]);
  });

  it("refuse src/workflows values in src/bot beyond the workflows' contract modules", async () => {
    const code =
      "import { approvalWorkflow } from '../workflows/approval.ts';\n" +
      "import { decideUpdate } from '../workflows/messages.ts';\n" +
      "import { approvalWorkflowId } from '../workflows/ids.ts';\n" +
      'export const probe = [approvalWorkflow, decideUpdate, approvalWorkflowId];\n';
    const errors = await layerErrors('src/bot/probe.ts', code);
    expect(errors).toEqual([expect.stringContaining('src/bot may not import src/workflows')]);
  });

  it('let src/activities import its legal layers as values', async () => {
    const code =
      "import { getAction } from '../db/actions.ts';\n" +
      "import { proposalCard } from '../slack/blocks/index.ts';\n" +
      "import { approvalWorkflowId } from '../workflows/ids.ts';\n" +
      "import { Context } from '@temporalio/activity';\n" +
      'export const probe = [getAction, proposalCard, approvalWorkflowId, Context];\n';
    expect(await layerErrors('src/activities/probe.ts', code)).toEqual([]);
  });
});
