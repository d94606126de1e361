import { errorMessage } from '../blocks/index.ts';
import type { Handler } from './types.ts';

/** /patterns: what adpilot learned from the account's history. */
export const patterns: Handler<'patterns'> = async () => errorMessage('/patterns is not available yet.');
