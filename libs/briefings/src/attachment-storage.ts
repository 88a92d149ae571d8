import { Injectable } from '@nestjs/common';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@sw/config';

/** Where attachment bytes live. Chosen by ATTACHMENT_STORAGE; the rows always stay in PostgreSQL. */
@Injectable()
export class AttachmentStorage {
  constructor(private readonly config: AppConfig) {}

  get kind(): 'database' | 'folder' {
    return this.config.env.ATTACHMENT_STORAGE;
  }

  /** Stores within the caller's transaction (database) or before it commits (folder; removed again if it fails). */
  async put(manager: EntityManager, id: string, bytes: Buffer): Promise<void> {
    if (this.kind === 'database') {
      await manager.query('UPDATE briefing_attachments SET data = $2 WHERE id = $1', [id, bytes]);
      return;
    }
    await mkdir(this.folder(), { recursive: true, mode: 0o700 });
    await writeFile(this.file(id), bytes, { mode: 0o600, flag: 'wx' });
  }

  async get(manager: EntityManager, id: string, storage: 'database' | 'folder'): Promise<Buffer> {
    if (storage === 'database') {
      const [row] = await manager.query('SELECT data FROM briefing_attachments WHERE id = $1', [id]);
      return row.data as Buffer;
    }
    return readFile(this.file(id));
  }

  async discard(id: string): Promise<void> {
    if (this.kind === 'folder') await rm(this.file(id), { force: true });
  }

  private folder(): string {
    return path.join(this.config.dataDir, 'attachments');
  }

  private file(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('attachment ids are UUIDs');
    return path.join(this.folder(), id);
  }
}
