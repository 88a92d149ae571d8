import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FieldCipher } from '@sw/database';
import type { BriefingEntity, BriefingRevisionEntity } from './briefing.entity.js';

/**
 * Briefing bodies at rest: RED bodies (and every revision of a RED briefing) are ciphertext bound
 * to their row, so a database dump does not disclose them and they cannot be moved between rows.
 */
@Injectable()
export class BriefingText {
  constructor(private readonly cipher: FieldCipher) {}

  seal(table: 'briefings' | 'briefing_revisions', rowId: string, body: string, encrypt: boolean): { body: string; bodyEncrypted: boolean } {
    return encrypt
      ? { body: this.cipher.encrypt(body, { table, column: 'body', rowId }), bodyEncrypted: true }
      : { body, bodyEncrypted: false };
  }

  open(table: 'briefings' | 'briefing_revisions', row: BriefingEntity | BriefingRevisionEntity): string {
    const rowId = row.id;
    return row.bodyEncrypted ? this.cipher.decrypt(row.body, { table, column: 'body', rowId }) : row.body;
  }

  /** After a change of level: encrypt everything of a briefing that became RED, decrypt what stopped being RED. */
  async reseal(manager: EntityManager, briefing: BriefingEntity, encrypt: boolean): Promise<void> {
    const revisions: BriefingRevisionEntity[] = await manager.query(
      'SELECT id, body, body_encrypted AS "bodyEncrypted" FROM briefing_revisions WHERE briefing_id = $1', [briefing.id]);
    for (const r of revisions) {
      if (r.bodyEncrypted === encrypt) continue;
      const sealed = this.seal('briefing_revisions', r.id, this.open('briefing_revisions', r), encrypt);
      await manager.query('UPDATE briefing_revisions SET body = $2, body_encrypted = $3 WHERE id = $1', [r.id, sealed.body, sealed.bodyEncrypted]);
    }
    if (briefing.bodyEncrypted !== encrypt) {
      const sealed = this.seal('briefings', briefing.id, this.open('briefings', briefing), encrypt);
      await manager.query('UPDATE briefings SET body = $2, body_encrypted = $3 WHERE id = $1', [briefing.id, sealed.body, sealed.bodyEncrypted]);
      Object.assign(briefing, sealed);
    }
  }

  /** Full-text vectors in English and Turkish; a RED body is not indexed (it is not stored in clear). */
  async index(manager: EntityManager, briefing: BriefingEntity, plainBody: string): Promise<void> {
    const body = briefing.tlp === 'RED' ? '' : plainBody;
    await manager.query(
      `UPDATE briefings SET
         search_en = setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary), 'B') || setweight(to_tsvector('english', $2), 'C'),
         search_tr = setweight(to_tsvector('turkish', title), 'A') || setweight(to_tsvector('turkish', summary), 'B') || setweight(to_tsvector('turkish', $2), 'C')
       WHERE id = $1`,
      [briefing.id, body]);
  }
}
