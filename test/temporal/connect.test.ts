import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { parseConfig, type Config } from '../../src/config.ts';
import {
  connectClient,
  connectWorker,
  ensureSearchAttributes,
  temporalConnectionOptions,
} from '../../src/temporal/connect.ts';
import { ensureAccountSchedule } from '../../src/temporal/schedules.ts';
import { collectScheduleId } from '../../src/workflows/ids.ts';
import { freePort } from '../support/free-port.ts';
import { generateCerts, startTlsTemporal, type TestCerts, type TlsTemporal } from '../support/temporal-tls.ts';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/adpilot' };

describe('temporalConnectionOptions', () => {
  it('is plain host:port without any TLS variable', () => {
    expect(temporalConnectionOptions(parseConfig({ ...base, TEMPORAL_ADDRESS: 't:7233' }))).toEqual({
      address: 't:7233',
    });
  });

  it('turns TLS on for an API key (system CAs), and passes the key', () => {
    const o = temporalConnectionOptions(parseConfig({ ...base, TEMPORAL_API_KEY: 'key-1' }));
    expect(o.tls).toEqual({});
    expect(o.apiKey).toBe('key-1');
  });

  it('names the variable whose file cannot be read', () => {
    expect(() =>
      temporalConnectionOptions(parseConfig({ ...base, TEMPORAL_TLS_CA_PATH: '/nonexistent/ca.pem' })),
    ).toThrow('TEMPORAL_TLS_CA_PATH: cannot read /nonexistent/ca.pem (ENOENT)');
  });
});

// A real Temporal server (go.temporal.io/server, the CLI's version) whose frontend requires mutual TLS; see
// scripts/provision/temporal-tls-server.sh for why it is not `temporal server start-dev`.
describe('Temporal over mutual TLS', () => {
  let certs: TestCerts;
  let server: TlsTemporal;
  let config: Config;
  const failFast = { connectTimeout: 3_000 };

  beforeAll(async () => {
    certs = await generateCerts();
    server = await startTlsTemporal(certs, await freePort());
    config = parseConfig({
      ...base,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TLS_CA_PATH: certs.ca,
      TEMPORAL_TLS_CERT_PATH: certs.clientCert,
      TEMPORAL_TLS_KEY_PATH: certs.clientKey,
      TEMPORAL_TLS_SERVER_NAME: 'localhost',
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await certs?.remove();
  });

  it('the client connects with the configured CA and client certificate and manages a schedule', async () => {
    const { connection, client } = await connectClient(config);
    try {
      await ensureSearchAttributes(connection, 'default');
      await ensureAccountSchedule(
        client,
        'collection',
        { ...config, TASK_QUEUE: 'tls', INSIGHTS_COLLECTION_INTERVAL: 60, ENABLE_INSIGHTS_COLLECTION: false },
        'act_tls',
      );
      const { state } = await client.schedule.getHandle(collectScheduleId('act_tls')).describe();
      expect(state.paused).toBe(true);
    } finally {
      await connection.close();
    }
  }, 60_000);

  it('the worker connection connects with the same options', async () => {
    const connection = await connectWorker(config);
    await connection.close();
  }, 60_000);

  it('is refused without the client certificate, with another CA, and in plain text', async () => {
    const options = temporalConnectionOptions(config);
    const noCert = { ...options, tls: { ...options.tls, clientCertPair: undefined } };
    await expect(Connection.connect({ ...noCert, ...failFast })).rejects.toThrow();
    await expect(NativeConnection.connect(noCert)).rejects.toThrow();
    const otherCa = temporalConnectionOptions({ ...config, TEMPORAL_TLS_CA_PATH: certs.otherCa });
    await expect(Connection.connect({ ...otherCa, ...failFast })).rejects.toThrow();
    await expect(NativeConnection.connect(otherCa)).rejects.toThrow();
    const stranger = temporalConnectionOptions({
      ...config,
      TEMPORAL_TLS_CERT_PATH: certs.strangerCert,
      TEMPORAL_TLS_KEY_PATH: certs.strangerKey,
    });
    await expect(Connection.connect({ ...stranger, ...failFast })).rejects.toThrow();
    await expect(Connection.connect({ address: server.address, ...failFast })).rejects.toThrow();
  }, 120_000);
});
