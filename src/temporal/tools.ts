import { existsSync } from 'node:fs';
import path from 'node:path';

/** Pinned versions of the servers that scripts/provision/ builds into .tools/ (git-ignored). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const TOOLS_DIR = path.join(ROOT, '.tools');

/** Raised when a provisioned tool is missing; the message says which script provisions it. */
export class MissingToolError extends Error {
  override name = 'MissingToolError';
}

function resolveTool(override: string | undefined, defaultPath: string, script: string): string {
  const candidate = override ?? defaultPath;
  if (!existsSync(candidate)) {
    throw new MissingToolError(
      `${candidate} not found: run scripts/provision/${script} (or ./adpilot setup) to build it` +
        (override ? ' or fix the path in the environment' : ''),
    );
  }
  return candidate;
}

/**
 * Path of the Temporal CLI (dev server with Web UI).
 * @throws MissingToolError when it has not been provisioned.
 */
export function temporalCliPath(override?: string): string {
  return resolveTool(override, path.join(TOOLS_DIR, `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal'), 'temporal-cli.sh');
}

/**
 * Path of the wrapper that runs Temporal's Java time-skipping test server.
 * @throws MissingToolError when it has not been provisioned.
 */
export function temporalTestServerPath(override?: string): string {
  return resolveTool(
    override,
    path.join(TOOLS_DIR, `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`, 'temporal-test-server'),
    'temporal-test-server.sh',
  );
}
