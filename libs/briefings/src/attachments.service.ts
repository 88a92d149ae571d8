import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RequestAuth } from '@sw/authz';
import { AppConfig, AppLogger } from '@sw/config';
import { type CipherContext, FieldCipher, newId } from '@sw/database';
import { Transactions } from '@sw/events';
import { AppError, badInput, notFound } from '@sw/graphql';
import { BriefingAccess } from './briefing-access.js';
import { AttachmentEntity } from './briefing.entity.js';
import type { AttachmentModel } from './briefing.model.js';
import { AttachmentStorage, type StorageKind } from './attachment-storage.js';
import { detectContentType } from './content-type.js';

const toModel = (a: AttachmentEntity): AttachmentModel => ({
  id: a.id, filename: a.filename, contentType: a.contentType, sizeBytes: a.sizeBytes, createdAt: a.createdAt,
  downloadPath: `/briefing-attachments/${a.id}`,
});

const digestOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

/** Where a file's ciphertext belongs: moved to another attachment, it no longer decrypts. */
const stored = (id: string): CipherContext => ({ table: 'briefing_attachments', column: 'data', rowId: id });

/**
 * Files of a briefing: typed by their bytes, encrypted at rest in either storage, served only to
 * readers.
 */
@Injectable()
export class Attachments implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly access: BriefingAccess,
    private readonly storage: AttachmentStorage,
    private readonly config: AppConfig,
    private readonly cipher: FieldCipher,
    private readonly logger: AppLogger,
  ) {}

  /** In the background, on every instance: files stored before encryption at rest are encrypted. */
  onApplicationBootstrap(): void {
    const log = this.logger.pino.child({ context: 'attachments' });
    void this.sealOlderFiles().then(
      (count) => (count > 0 ? log.info({ count }, 'encrypted attachments stored before encryption at rest') : undefined),
      (error: unknown) => log.error({ err: String(error) }, 'encrypting older attachments failed; they stay readable and are tried again at the next start'),
    );
  }

  get maxBytes(): number {
    return this.config.env.ATTACHMENT_MAX_BYTES;
  }

  async upload(auth: RequestAuth, briefingId: string, filename: string, bytes: Buffer): Promise<AttachmentModel> {
    const name = filename.normalize('NFC').replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim();
    if (name.length === 0 || name.length > 255) throw badInput('filename', 'must be 1 to 255 characters');
    if (bytes.length === 0) throw badInput('file', 'is empty');
    if (bytes.length > this.maxBytes) throw tooLarge(this.maxBytes);
    const type = detectContentType(bytes);
    if (!type) throw badInput('file', 'is not a PDF, an image (PNG, JPEG, GIF, WebP) or an office document');
    const id = newId();
    const sealed = this.cipher.encryptBytes(bytes, stored(id));
    try {
      return await this.tx.run(async (manager) => {
        await this.access.require(manager, auth.ability, briefingId, 'attach');
        await manager.insert(AttachmentEntity, {
          id, briefingId, filename: name, contentType: type.contentType, sizeBytes: bytes.length,
          sha256: digestOf(sealed), storage: this.storage.kind, encrypted: true, data: null, uploadedBy: auth.actor!.userId,
        });
        await this.storage.put(manager, id, sealed);
        return toModel(await manager.findOneByOrFail(AttachmentEntity, { id }));
      });
    } catch (error) {
      await this.storage.discard(id);
      throw error;
    }
  }

  async list(auth: RequestAuth, briefingId: string): Promise<AttachmentModel[]> {
    await this.access.require(this.dataSource.manager, auth.ability, briefingId, 'read');
    const rows = await this.dataSource.getRepository(AttachmentEntity).find({ where: { briefingId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toModel);
  }

  /** The attachment and its bytes, if the caller may read its briefing (checked in the same statement). */
  async download(auth: RequestAuth, attachmentId: string): Promise<{ attachment: AttachmentEntity; bytes: Buffer }> {
    const qb = this.dataSource.getRepository(AttachmentEntity).createQueryBuilder('att')
      .innerJoin('briefings', 'b', 'b.id = att.briefing_id')
      .where('att.id = :attachmentId', { attachmentId });
    const attachment = await this.access.allowed(qb, auth.ability, 'read', 'b').getOne();
    if (!attachment) throw notFound('Attachment');
    const bytes = await this.storage.get(this.dataSource.manager, attachment.id, attachment.storage, attachment.encrypted);
    return { attachment, bytes: attachment.encrypted ? this.cipher.decryptBytes(bytes, stored(attachment.id)) : bytes };
  }

  /**
   * Encrypts the files stored before encryption at rest, one per transaction (rows claimed with SKIP
   * LOCKED, so instances starting together share the work), and removes their unencrypted form from
   * the folder once the encrypted one is committed. A file that cannot be encrypted (its bytes gone
   * from the folder, say) is logged by id and passed over, so it does not hold back the others; it
   * stays as it was and is tried again at the next start. Returns how many it encrypted.
   */
  async sealOlderFiles(): Promise<number> {
    const log = this.logger.pino.child({ context: 'attachments' });
    const failed: string[] = [];
    let count = 0;
    for (;;) {
      let working: { id: string; storage: StorageKind } | undefined;
      let done: { id: string; storage: StorageKind } | undefined;
      try {
        done = await this.tx.run(async (manager) => {
          const [row]: { id: string; storage: StorageKind }[] = await manager.query(
            'SELECT id, storage FROM briefing_attachments WHERE NOT encrypted AND id <> ALL($1::uuid[]) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED', [failed]);
          if (!row) return undefined;
          working = row;
          const sealed = this.cipher.encryptBytes(await this.storage.get(manager, row.id, row.storage, false), stored(row.id));
          await this.storage.discard(row.id, row.storage); // what an interrupted earlier try may have left
          await this.storage.put(manager, row.id, sealed, row.storage);
          await manager.query('UPDATE briefing_attachments SET encrypted = true, sha256 = $2 WHERE id = $1', [row.id, digestOf(sealed)]);
          return row;
        });
      } catch (error) {
        if (!working) throw error;
        await this.storage.discard(working.id, working.storage);
        log.error({ attachmentId: working.id, err: error instanceof Error ? `${error.name}: ${error.message}` : typeof error }, 'an older attachment could not be encrypted; passed over until the next start');
        failed.push(working.id);
        continue;
      }
      if (!done) break;
      if (done.storage === 'folder') await this.storage.removeUnencrypted(done.id);
      count++;
    }
    // An unencrypted file left behind by a stop between a commit and its removal.
    const leftovers = await this.storage.unencryptedInFolder();
    if (leftovers.length > 0) {
      const sealed: { id: string }[] = await this.dataSource.query('SELECT id FROM briefing_attachments WHERE id = ANY($1::uuid[]) AND encrypted', [leftovers]);
      for (const { id } of sealed) await this.storage.removeUnencrypted(id);
    }
    return count;
  }
}

export const tooLarge = (max: number) =>
  new AppError('BAD_USER_INPUT', `file: is larger than the limit of ${Math.floor(max / (1024 * 1024))} MB`, { field: 'file', reason: 'PAYLOAD_TOO_LARGE' });
