import { Injectable } from '@nestjs/common';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@sw/config';

export type StorageKind = 'database' | 'folder';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Where attachment bytes live. Chosen by ATTACHMENT_STORAGE; the rows always stay in PostgreSQL.
 * In the folder, an encrypted file is `<id>.sealed` and a file stored before encryption at rest is
 * `<id>`: the two never share a name, so sealing an older file cannot leave its row pointing at the
 * wrong form.
 */
@Injectable()
export class AttachmentStorage {
  constructor(private readonly config: AppConfig) {}

  get kind(): StorageKind {
    return this.config.env.ATTACHMENT_STORAGE;
  }

  /** Stores encrypted bytes within the caller's transaction (database) or before it commits (folder; `discard` if it fails). */
  async put(manager: EntityManager, id: string, sealed: Buffer, storage: StorageKind = this.kind): Promise<void> {
    if (storage === 'database') {
      await manager.query('UPDATE briefing_attachments SET data = $2 WHERE id = $1', [id, sealed]);
      return;
    }
    await mkdir(this.folder(), { recursive: true, mode: 0o700 });
    await writeFile(this.file(id, true), sealed, { mode: 0o600, flag: 'wx' });
  }

  async get(manager: EntityManager, id: string, storage: StorageKind, encrypted: boolean): Promise<Buffer> {
    if (storage === 'database') {
      const [row] = await manager.query('SELECT data FROM briefing_attachments WHERE id = $1', [id]);
      return row.data as Buffer;
    }
    return readFile(this.file(id, encrypted));
  }

  /** Removes what `put` wrote to the folder, when its transaction did not commit. */
  async discard(id: string, storage: StorageKind = this.kind): Promise<void> {
    if (storage === 'folder') await rm(this.file(id, true), { force: true });
  }

  /** Removes a file's unencrypted form from the folder, once its encrypted form is committed. */
  async removeUnencrypted(id: string): Promise<void> {
    await rm(this.file(id, false), { force: true });
  }

  /** Ids of the unencrypted files still in the folder. */
  async unencryptedInFolder(): Promise<string[]> {
    const names = await readdir(this.folder()).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    return names.filter((name) => ID.test(name));
  }

  private folder(): string {
    return path.join(this.config.dataDir, 'attachments');
  }

  private file(id: string, encrypted: boolean): string {
    if (!ID.test(id)) throw new Error('attachment ids are UUIDs');
    return path.join(this.folder(), encrypted ? `${id}.sealed` : id);
  }
}
