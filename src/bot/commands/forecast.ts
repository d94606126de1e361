import { errorMessage } from '../blocks/index.ts';
import type { Handler } from './types.ts';

/** /forecast: the four forecast dashboards as charts. */
export const forecast: Handler<'forecast'> = async () => errorMessage('/forecast is not available yet.');
