export * from './render.ts';
export * from './configs.ts';
export * from './font.ts';
