import type { DatabasePool } from 'slonik';
import type { Config } from '../../config.ts';
import type { ActionRow } from '../../db/actions.ts';
import type { MetaGateway, Notifier } from '../ports.ts';

export interface DecisionDeps {
  pool: DatabasePool;
  config: Config;
  meta: MetaGateway;
  notifier: Notifier;
  now?: () => number;
  /** Re-checks the rule behind a proposal against the freshest stored metrics. */
  reevaluate?: (action: ActionRow) => Promise<{ holds: boolean; reason: string }>;
}
