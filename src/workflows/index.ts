export { collectAccount } from './collect-account.ts';
