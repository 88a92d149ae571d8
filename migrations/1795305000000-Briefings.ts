import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Briefings, their revisions, audiences (one row per grant, so the CASL rules apply to plain
 * columns in SQL), reads, acknowledgements, requests to share wider, and attachments.
 */
export class Briefings1795305000000 implements MigrationInterface {
  name = 'Briefings1795305000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE briefings (
        id uuid PRIMARY KEY,
        author_user_id uuid NOT NULL REFERENCES users (id),
        publisher_organisation_id uuid NOT NULL REFERENCES organisations (id),
        origin_organisation_id uuid REFERENCES organisations (id),
        publisher_approved_at timestamptz,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
        body text NOT NULL,
        -- RED bodies are AES-256-GCM ciphertext (FieldCipher) bound to this row.
        body_encrypted boolean NOT NULL DEFAULT false,
        language text NOT NULL CHECK (language IN ('en', 'tr', 'other')),
        tags text[] NOT NULL DEFAULT '{}',
        tlp text NOT NULL CHECK (tlp IN ('RED', 'AMBER_STRICT', 'AMBER', 'GREEN', 'CLEAR')),
        status text NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'RETRACTED')),
        revision integer NOT NULL DEFAULT 0,
        published_at timestamptz,
        retracted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        -- The keyset of lists: when it was published, or created while a draft.
        listed_at timestamptz GENERATED ALWAYS AS (coalesce(published_at, created_at)) STORED,
        -- RED bodies are encrypted and so not indexed; title and summary are.
        search_en tsvector,
        search_tr tsvector,
        CHECK (origin_organisation_id IS NULL OR origin_organisation_id <> publisher_organisation_id)
      )`);
    await db.query(`CREATE INDEX briefings_listed ON briefings (listed_at DESC, id DESC)`);
    await db.query(`CREATE INDEX briefings_search_en ON briefings USING gin (search_en)`);
    await db.query(`CREATE INDEX briefings_search_tr ON briefings USING gin (search_tr)`);
    await db.query(`CREATE INDEX briefings_tags ON briefings USING gin (tags)`);
    await db.query(`CREATE INDEX briefings_publisher ON briefings (publisher_organisation_id)`);

    // Who may read: one row per grant. status is copied from the briefing so the rules can say
    // "only once published" on the same row.
    await db.query(`
      CREATE TABLE briefing_audience (
        briefing_id uuid NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('AUTHOR', 'PUBLISHER', 'PUBLISHER_REVIEW', 'ORIGIN', 'USER', 'ORGANISATION', 'NETWORK_MEMBERS', 'NETWORK_ALL', 'EVERYONE')),
        principal_id uuid NOT NULL,
        status text NOT NULL,
        added_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (briefing_id, kind, principal_id)
      )`);
    await db.query(`CREATE INDEX briefing_audience_principal ON briefing_audience (principal_id, kind, status, briefing_id)`);

    await db.query(`
      CREATE TABLE briefing_revisions (
        id uuid PRIMARY KEY,
        briefing_id uuid NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
        revision integer NOT NULL,
        title text NOT NULL,
        summary text NOT NULL,
        body text NOT NULL,
        body_encrypted boolean NOT NULL DEFAULT false,
        tlp text NOT NULL,
        edited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        UNIQUE (briefing_id, revision)
      )`);

    await db.query(`
      CREATE TABLE briefing_reads (
        briefing_id uuid NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        read_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (briefing_id, user_id)
      )`);
    await db.query(`CREATE INDEX briefing_reads_by_user ON briefing_reads (user_id, briefing_id)`);

    await db.query(`
      CREATE TABLE briefing_acknowledgements (
        briefing_id uuid NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        acknowledged_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (briefing_id, organisation_id)
      )`);

    await db.query(`
      CREATE TABLE briefing_share_requests (
        id uuid PRIMARY KEY,
        briefing_id uuid NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
        requested_by uuid NOT NULL REFERENCES users (id),
        requesting_organisation_id uuid NOT NULL REFERENCES organisations (id),
        organisation_ids uuid[] NOT NULL DEFAULT '{}',
        new_tlp text CHECK (new_tlp IN ('RED', 'AMBER_STRICT', 'AMBER', 'GREEN', 'CLEAR')),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'DECLINED')),
        decided_by uuid REFERENCES users (id),
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`CREATE INDEX briefing_share_requests_by_briefing ON briefing_share_requests (briefing_id, created_at, id)`);

    await db.query(`
      CREATE TABLE briefing_attachments (
        id uuid PRIMARY KEY,
        briefing_id uuid NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
        filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        sha256 bytea NOT NULL,
        storage text NOT NULL CHECK (storage IN ('database', 'folder')),
        data bytea,
        uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`CREATE INDEX briefing_attachments_by_briefing ON briefing_attachments (briefing_id, created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP TABLE briefing_attachments, briefing_share_requests, briefing_acknowledgements, briefing_reads, briefing_revisions, briefing_audience, briefings',
    );
  }
}
