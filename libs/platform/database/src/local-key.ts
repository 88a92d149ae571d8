import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The embedded default's data-encryption key: generated once into the data folder (mode 0600).
 * Production passes DATA_ENCRYPTION_KEY instead and keeps it away from the database host.
 */
export async function loadOrCreateLocalKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'data-encryption.key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const value = `local1:${randomBytes(32).toString('base64')}`;
  await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}
