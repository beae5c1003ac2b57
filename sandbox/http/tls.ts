/**
 * A throwaway certificate authority and server certificate for 127.0.0.1, made with `openssl` in
 * a temporary directory at start. No key material is committed; `removeTlsMaterial` deletes it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  directory: string;
  caFile: string;
  caPem: string;
  serverKey: string;
  serverCert: string;
}

/** Runs openssl, and raises an error naming the failed step and openssl's message when it fails. */
function openssl(args: string[], directory: string): void {
  try {
    execFileSync('openssl', args, { cwd: directory, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0]} failed while creating the sandbox's TLS certificate: ${stderr || (error as Error).message}. Install openssl or start the sandbox with https: false.`);
  }
}

/** Creates a P-256 CA (valid 30 days) and a server certificate with SAN IP:127.0.0.1 and DNS:localhost. */
export function createTlsMaterial(): TlsMaterial {
  const directory = mkdtempSync(join(tmpdir(), 'kv-sandbox-tls-'));
  const curve = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  openssl(['req', '-x509', ...curve, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=kv-doctor sandbox CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], directory);
  openssl(['req', ...curve, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], directory);
  writeFileSync(join(directory, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem',
    '-days', '30', '-extfile', 'server.ext'], directory);

  const caFile = join(directory, 'ca.pem');
  return {
    directory,
    caFile,
    caPem: readFileSync(caFile, 'utf8'),
    serverKey: readFileSync(join(directory, 'server.key'), 'utf8'),
    serverCert: readFileSync(join(directory, 'server.pem'), 'utf8'),
  };
}

export function removeTlsMaterial(material: TlsMaterial): void {
  rmSync(material.directory, { recursive: true, force: true });
}
