import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Briefing attachments are encrypted at rest (FieldCipher, AAD = briefing_attachments/data/<id>)
 * whatever the briefing's TLP: a level can be tightened after a file is attached, and a file's own
 * sensitivity is not known to the server. Rows written before stay readable (`encrypted = false`).
 * `sha256` is now the digest of the bytes as stored, not of the file: a digest of the file would let
 * whoever reads the database confirm that a document they hold is attached.
 */
export class EncryptedAttachments1795340000000 implements MigrationInterface {
  name = 'EncryptedAttachments1795340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE briefing_attachments ADD COLUMN encrypted boolean NOT NULL DEFAULT false');
    await db.query(`COMMENT ON COLUMN briefing_attachments.sha256 IS 'SHA-256 of the bytes as stored (ciphertext when encrypted), for integrity checks'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('COMMENT ON COLUMN briefing_attachments.sha256 IS NULL');
    await db.query('ALTER TABLE briefing_attachments DROP COLUMN encrypted');
  }
}
