// The list lives in src/intel (pure) so workflows can import it too; activities keep this path.
export { FailureType } from '../intel/failures.ts';
