import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TEMPORAL_CLI_VERSION, TOOLS_DIR } from '../../src/temporal/tools.ts';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes.ts';

export interface TestCerts {
  dir: string;
  ca: string;
  /** A second CA that signed nothing the server presents. */
  otherCa: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate signed by the other CA: the server must refuse it. */
  strangerCert: string;
  strangerKey: string;
  remove(): Promise<void>;
}

/** Generates a CA, a server certificate (localhost, 127.0.0.1) and client certificates with openssl. */
export async function generateCerts(): Promise<TestCerts> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'adpilot-tls-'));
  const f = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  for (const ca of ['ca', 'other-ca'])
    openssl(
      'req',
      '-x509',
      ...newKey,
      '-keyout',
      f(`${ca}-key.pem`),
      '-out',
      f(`${ca}.pem`),
      '-days',
      '1',
      '-subj',
      `/CN=adpilot-test-${ca}`,
    );
  await writeFile(
    f('leaf.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n',
  );
  const leaf = (name: string, ca: string) => {
    openssl('req', ...newKey, '-keyout', f(`${name}-key.pem`), '-out', f(`${name}.csr`), '-subj', `/CN=${name}`);
    openssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f(`${ca}.pem`),
      '-CAkey',
      f(`${ca}-key.pem`),
      '-CAcreateserial',
      '-out',
      f(`${name}.pem`),
      '-days',
      '1',
      '-extfile',
      f('leaf.ext'),
    );
  };
  leaf('server', 'ca');
  leaf('client', 'ca');
  leaf('stranger', 'other-ca');
  return {
    dir,
    ca: f('ca.pem'),
    otherCa: f('other-ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server-key.pem'),
    clientCert: f('client.pem'),
    clientKey: f('client-key.pem'),
    strangerCert: f('stranger.pem'),
    strangerKey: f('stranger-key.pem'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Path of the mTLS Temporal server that scripts/provision/temporal-tls-server.sh builds. */
export function temporalTlsServerPath(override = process.env.TEMPORAL_TLS_SERVER_PATH): string {
  const candidate =
    override ?? path.join(TOOLS_DIR, `temporal-tls-server-${TEMPORAL_CLI_VERSION}`, 'temporal-tls-server');
  if (!existsSync(candidate))
    throw new Error(`${candidate} not found: run scripts/provision/temporal-tls-server.sh (or ./adpilot setup)`);
  return candidate;
}

export interface TlsTemporal {
  address: string;
  stop(): Promise<void>;
}

/** Starts the mTLS Temporal server and resolves once it says its frontend listens. */
export async function startTlsTemporal(certs: TestCerts, port: number): Promise<TlsTemporal> {
  const args = ['-port', String(port), '-ca', certs.ca, '-cert', certs.serverCert, '-key', certs.serverKey];
  args.push('-worker-cert', certs.clientCert, '-worker-key', certs.clientKey, '-server-name', 'localhost');
  for (const k of SEARCH_ATTRIBUTES) args.push('-search-attribute', `${k.name}=Keyword`);
  const child: ChildProcess = spawn(temporalTlsServerPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('frontend on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`temporal-tls-server exited with ${code}:\n${out}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    address: `127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
