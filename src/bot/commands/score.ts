import { noScoreCard } from '../blocks/index.ts';
import type { Handler } from './types.ts';

/** /score: the account intelligence score card. */
export const score: Handler<'score'> = async (_cmd, { account }) =>
  noScoreCard({ accountName: account.name, missing: ['the account score is not computed yet'] });
