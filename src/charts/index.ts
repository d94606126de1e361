export * from './render.ts';
export * from './configs.ts';
export * from './font.ts';
export * from './paired-actual-predicted.ts';
