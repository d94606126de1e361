export * from './schema.ts';
export * from './evaluate.ts';
export * from './templates.ts';
export * from './conflicts.ts';
export * from './backtest.ts';
