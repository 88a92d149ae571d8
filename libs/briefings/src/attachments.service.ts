import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RequestAuth } from '@sw/authz';
import { AppConfig } from '@sw/config';
import { type CipherContext, FieldCipher, newId } from '@sw/database';
import { Transactions } from '@sw/events';
import { AppError, badInput, notFound } from '@sw/graphql';
import { BriefingAccess } from './briefing-access.js';
import { AttachmentEntity } from './briefing.entity.js';
import type { AttachmentModel } from './briefing.model.js';
import { AttachmentStorage } from './attachment-storage.js';
import { detectContentType } from './content-type.js';

const toModel = (a: AttachmentEntity): AttachmentModel => ({
  id: a.id, filename: a.filename, contentType: a.contentType, sizeBytes: a.sizeBytes, createdAt: a.createdAt,
  downloadPath: `/briefing-attachments/${a.id}`,
});

/** Where a file's ciphertext belongs: moved to another attachment, it no longer decrypts. */
const stored = (id: string): CipherContext => ({ table: 'briefing_attachments', column: 'data', rowId: id });

/**
 * Files of a briefing: typed by their bytes, encrypted at rest in either storage, served only to
 * readers.
 */
@Injectable()
export class Attachments {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly access: BriefingAccess,
    private readonly storage: AttachmentStorage,
    private readonly config: AppConfig,
    private readonly cipher: FieldCipher,
  ) {}

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
          sha256: createHash('sha256').update(sealed).digest(), storage: this.storage.kind, encrypted: true, data: null, uploadedBy: auth.actor!.userId,
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
    const bytes = await this.storage.get(this.dataSource.manager, attachment.id, attachment.storage);
    return { attachment, bytes: attachment.encrypted ? this.cipher.decryptBytes(bytes, stored(attachment.id)) : bytes };
  }
}

export const tooLarge = (max: number) =>
  new AppError('BAD_USER_INPUT', `file: is larger than the limit of ${Math.floor(max / (1024 * 1024))} MB`, { field: 'file', reason: 'PAYLOAD_TOO_LARGE' });
