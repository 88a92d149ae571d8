// Keyset cursors carry millisecond timestamps, so every keyset column is stored at that precision.
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint statements: the statement, its revisions (a revision is the title and every language's
 * text, with the sha256 of that content), the organisations taking part and each one's sign-on,
 * who may sign for them, individual names, comments and suggested edits.
 */
export class Statements1795320000000 implements MigrationInterface {
  name = 'Statements1795320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE statements (
        id uuid PRIMARY KEY,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        status text NOT NULL DEFAULT 'DRAFTING'
          CHECK (status IN ('DRAFTING', 'OPEN_FOR_SIGNATURE', 'CLOSED', 'PUBLISHED', 'WITHDRAWN')),
        reference_language text NOT NULL CHECK (reference_language ~ '^[a-z]{2}$'),
        languages text[] NOT NULL CHECK (cardinality(languages) BETWEEN 1 AND 5 AND reference_language = ANY (languages)),
        deadline timestamptz,
        allow_individual_signatories boolean NOT NULL DEFAULT false,
        signatory_order text NOT NULL DEFAULT 'ALPHABETICAL' CHECK (signatory_order IN ('ALPHABETICAL', 'SIGNING_TIME')),
        current_revision_id uuid NOT NULL,
        -- The number of the current revision: saves are "UPDATE … WHERE version = <base>" (SECURITY.md 35).
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        opened_revision_number integer,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        opened_at timestamptz,
        closed_at timestamptz,
        published_at timestamptz,
        withdrawn_at timestamptz,
        embargo_until timestamptz,
        publication_revision_id uuid,
        deadline_reminded_at timestamptz,
        -- Idempotency (SECURITY.md 34): the creator's request id and a digest of what they sent.
        client_id uuid,
        client_digest text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'PUBLISHED') <= (published_at IS NOT NULL AND publication_revision_id IS NOT NULL)),
        CHECK ((embargo_until IS NOT NULL) <= (publication_revision_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX statements_keyset ON statements (created_at, id)`);
    await db.query(`CREATE UNIQUE INDEX statements_client_id ON statements (created_by, client_id)`);
    await db.query(`CREATE INDEX statements_published ON statements (published_at DESC, id DESC) WHERE status = 'PUBLISHED'`);
    await db.query(`CREATE INDEX statements_embargoed ON statements (embargo_until) WHERE status = 'CLOSED' AND embargo_until IS NOT NULL`);
    await db.query(`CREATE INDEX statements_open_deadline ON statements (deadline) WHERE status = 'OPEN_FOR_SIGNATURE' AND deadline_reminded_at IS NULL`);

    await db.query(`
      CREATE TABLE statement_revisions (
        id uuid PRIMARY KEY,
        statement_id uuid NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
        number integer NOT NULL CHECK (number >= 1),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        texts jsonb NOT NULL CHECK (jsonb_typeof(texts) = 'object'),
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        author_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        author_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
        suggestion_id uuid,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT statement_revisions_number UNIQUE (statement_id, number),
        CONSTRAINT statement_revisions_of_statement UNIQUE (statement_id, id)
      )`);
    // Created in the same transaction as its first revision, hence deferred.
    await db.query(`
      ALTER TABLE statements
        ADD CONSTRAINT statements_current_revision FOREIGN KEY (id, current_revision_id)
          REFERENCES statement_revisions (statement_id, id) DEFERRABLE INITIALLY DEFERRED,
        ADD CONSTRAINT statements_publication_revision FOREIGN KEY (id, publication_revision_id)
          REFERENCES statement_revisions (statement_id, id) DEFERRABLE INITIALLY DEFERRED`);

    await db.query(`
      CREATE TABLE statement_organisations (
        statement_id uuid NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('LEAD', 'DRAFTER', 'INVITED')),
        via_network_id uuid REFERENCES networks (id) ON DELETE SET NULL,
        sign_on_status text NOT NULL DEFAULT 'INVITED'
          CHECK (sign_on_status IN ('INVITED', 'REVIEWING', 'APPROVED', 'NEEDS_RECONFIRMATION', 'DECLINED', 'WITHDRAWN')),
        signed_revision_id uuid,
        signed_content_hash text CHECK (signed_content_hash ~ '^[0-9a-f]{64}$'),
        signed_by uuid REFERENCES users (id) ON DELETE SET NULL,
        signed_at timestamptz,
        decline_reason text CHECK (length(decline_reason) <= 2000),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (statement_id, organisation_id),
        FOREIGN KEY (statement_id, signed_revision_id) REFERENCES statement_revisions (statement_id, id),
        -- A signature is always bound to one revision and its content hash.
        CHECK ((sign_on_status IN ('APPROVED', 'NEEDS_RECONFIRMATION'))
               <= (signed_revision_id IS NOT NULL AND signed_content_hash IS NOT NULL AND signed_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX statement_organisations_by_org ON statement_organisations (organisation_id, statement_id)`);

    await db.query(`
      CREATE TABLE statement_signers (
        statement_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        named_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (statement_id, organisation_id, user_id),
        FOREIGN KEY (statement_id, organisation_id) REFERENCES statement_organisations (statement_id, organisation_id) ON DELETE CASCADE
      )`);

    await db.query(`
      CREATE TABLE statement_individual_signatures (
        statement_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        revision_id uuid NOT NULL,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (statement_id, organisation_id, user_id),
        FOREIGN KEY (statement_id, organisation_id) REFERENCES statement_organisations (statement_id, organisation_id) ON DELETE CASCADE,
        FOREIGN KEY (statement_id, revision_id) REFERENCES statement_revisions (statement_id, id)
      )`);

    await db.query(`
      CREATE TABLE statement_comments (
        id uuid PRIMARY KEY,
        statement_id uuid NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
        revision_id uuid NOT NULL,
        organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
        author_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        language text CHECK (language ~ '^[a-z]{2}$'),
        quote text CHECK (length(quote) BETWEEN 1 AND 2000),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        resolved_at timestamptz,
        resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
        client_id uuid,
        client_digest text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        FOREIGN KEY (statement_id, revision_id) REFERENCES statement_revisions (statement_id, id)
      )`);
    await db.query(`CREATE INDEX statement_comments_keyset ON statement_comments (statement_id, created_at, id)`);
    await db.query(`CREATE UNIQUE INDEX statement_comments_client_id ON statement_comments (author_user_id, client_id)`);

    await db.query(`
      CREATE TABLE statement_suggestions (
        id uuid PRIMARY KEY,
        statement_id uuid NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
        revision_id uuid NOT NULL,
        organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
        author_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        language text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
        quote text NOT NULL CHECK (length(quote) BETWEEN 1 AND 5000),
        replacement text NOT NULL CHECK (length(replacement) <= 20000),
        note text CHECK (length(note) <= 2000),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACCEPTED', 'REJECTED')),
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz,
        applied_revision_id uuid,
        client_id uuid,
        client_digest text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        FOREIGN KEY (statement_id, revision_id) REFERENCES statement_revisions (statement_id, id),
        FOREIGN KEY (statement_id, applied_revision_id) REFERENCES statement_revisions (statement_id, id),
        CHECK ((status = 'ACCEPTED') = (applied_revision_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX statement_suggestions_keyset ON statement_suggestions (statement_id, created_at, id)`);
    await db.query(`CREATE UNIQUE INDEX statement_suggestions_client_id ON statement_suggestions (author_user_id, client_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP TABLE statement_suggestions, statement_comments, statement_individual_signatures, statement_signers, statement_organisations',
    );
    await db.query('ALTER TABLE statements DROP CONSTRAINT statements_current_revision, DROP CONSTRAINT statements_publication_revision');
    await db.query('DROP TABLE statement_revisions, statements');
  }
}
