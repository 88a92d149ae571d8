import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where @socket.io/postgres-adapter puts payloads too large for NOTIFY (over 8000 bytes). */
export class RealtimeAttachments1795300000002 implements MigrationInterface {
  name = 'RealtimeAttachments1795300000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE socket_io_attachments (
        id bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        payload bytea NOT NULL
      )`);
    await db.query('CREATE INDEX socket_io_attachments_created_at ON socket_io_attachments (created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE socket_io_attachments');
  }
}
