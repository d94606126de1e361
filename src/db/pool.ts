import {
  createPool,
  createTypeParserPreset,
  SchemaValidationError,
  type DatabasePool,
  type Interceptor,
  type QueryResultRow,
} from 'slonik';

/** Validates every typed query's rows with its zod schema (`sql.type(schema)`), as slonik documents. */
export const createResultParserInterceptor = (): Interceptor => ({
  name: 'adpilot-zod-result-parser',
  transformRowAsync: async (executionContext, actualQuery, row) => {
    const { resultParser } = executionContext;
    if (!resultParser) return row;
    const result = await resultParser['~standard'].validate(row);
    if (result.issues) throw new SchemaValidationError(actualQuery, row, result.issues);
    return result.value as QueryResultRow;
  },
});

/**
 * int8 becomes a JSON-safe number instead of slonik's default BigInt, because activity results cross
 * Temporal's JSON payload converter (JSON.stringify throws on BigInt). Out-of-range values fail loudly.
 */
type TypeParser = ReturnType<typeof createTypeParserPreset>[number];

export const typeParsers = (): TypeParser[] => [
  ...createTypeParserPreset().filter((p) => p.name !== 'int8'),
  {
    name: 'int8',
    parse: (value: string) => {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
      return n;
    },
  },
];

export interface PoolOptions {
  maxPoolSize?: number;
}

/** Creates the slonik pool (connects once to warm up, so the database must be running). */
export async function createDb(databaseUrl: string, options: PoolOptions = {}): Promise<DatabasePool> {
  return createPool(databaseUrl, {
    interceptors: [createResultParserInterceptor()],
    typeParsers: typeParsers(),
    maxPoolSize: options.maxPoolSize ?? 10,
  });
}
