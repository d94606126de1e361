import { errorMessage } from '../blocks/index.ts';
import type { Handler } from './types.ts';

/** /budget <total>: the recommended split of a daily budget. */
export const budget: Handler<'budget'> = async () => errorMessage('/budget is not available yet.');
