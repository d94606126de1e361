import { readFileSync } from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config.ts';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.ts';

/**
 * Registers adpilot's custom search attributes on a namespace. The dev server gets them as flags; a cluster
 * needs them added once. Already-registered attributes are left alone.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = SEARCH_ATTRIBUTES.filter((k) => !(k.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    // 2 = INDEXED_VALUE_TYPE_KEYWORD in temporal.api.enums.v1.IndexedValueType
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, 2])),
  });
}

export type TemporalAccessConfig = Pick<
  Config,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CA_PATH'
  | 'TEMPORAL_TLS_CERT_PATH'
  | 'TEMPORAL_TLS_KEY_PATH'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_API_KEY'
>;

/** What both `Connection.connect` (client) and `NativeConnection.connect` (worker) take. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

/**
 * The one place the Temporal connection options are built, so the bot's client and the worker connect alike.
 * Any TLS variable turns TLS on; an API key implies TLS too (a bearer token must not cross the wire in clear).
 * @throws Error naming the variable whose file cannot be read.
 */
export function temporalConnectionOptions(config: TemporalAccessConfig): TemporalConnectionOptions {
  const read = (name: keyof TemporalAccessConfig, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  const useTls =
    config.TEMPORAL_TLS ||
    config.TEMPORAL_API_KEY !== undefined ||
    [config.TEMPORAL_TLS_CA_PATH, config.TEMPORAL_TLS_CERT_PATH, config.TEMPORAL_TLS_SERVER_NAME].some(Boolean);
  if (!useTls) return { address: config.TEMPORAL_ADDRESS };
  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  if (config.TEMPORAL_TLS_CA_PATH)
    tls.serverRootCACertificate = read('TEMPORAL_TLS_CA_PATH', config.TEMPORAL_TLS_CA_PATH);
  if (config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH)
    tls.clientCertPair = {
      crt: read('TEMPORAL_TLS_CERT_PATH', config.TEMPORAL_TLS_CERT_PATH),
      key: read('TEMPORAL_TLS_KEY_PATH', config.TEMPORAL_TLS_KEY_PATH),
    };
  return {
    address: config.TEMPORAL_ADDRESS,
    tls,
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}

/** The client side (bot, schedules): a gRPC connection and a client on the namespace. */
export async function connectClient(
  config: TemporalAccessConfig & Pick<Config, 'TEMPORAL_NAMESPACE'>,
): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  return { connection, client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }) };
}

/** The worker side: the Rust core's connection, with the same options as the client's. */
export function connectWorker(config: TemporalAccessConfig): Promise<NativeConnection> {
  return NativeConnection.connect(temporalConnectionOptions(config));
}
