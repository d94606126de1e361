import { errorMessage } from '../blocks/index.ts';
import type { Handler } from './types.ts';

/** /accuracy: how accurate past predictions were. */
export const accuracy: Handler<'accuracy'> = async () => errorMessage('/accuracy is not available yet.');
