import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Discussion threads and their messages. Data minimisation: no read times (only how far each
 * reader has read), no IPs, no devices; a deleted message keeps only its place (seq, author, time).
 */
export class Discussions1795310000000 implements MigrationInterface {
  name = 'Discussions1795310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE threads (
        id uuid PRIMARY KEY,
        space_kind text NOT NULL CHECK (space_kind IN ('NETWORK', 'ORGANISATION', 'BRIEFING', 'STATEMENT', 'WORKSHOP')),
        space_network_id uuid REFERENCES networks (id) ON DELETE CASCADE,
        space_organisation_id uuid REFERENCES organisations (id) ON DELETE CASCADE,
        -- The briefing, statement or workshop the thread is attached to (owned by that domain).
        subject_id uuid,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        last_activity_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        -- The seq of the latest message; the next one takes last_seq + 1 under this row's lock.
        last_seq integer NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
        locked_at timestamptz,
        resolved_at timestamptz,
        retention_days integer CHECK (retention_days BETWEEN 1 AND 3650),
        CONSTRAINT threads_network_space CHECK ((space_kind = 'NETWORK') = (space_network_id IS NOT NULL)),
        CONSTRAINT threads_organisation_space CHECK ((space_kind = 'ORGANISATION') = (space_organisation_id IS NOT NULL)),
        CONSTRAINT threads_subject CHECK ((space_kind IN ('BRIEFING', 'STATEMENT', 'WORKSHOP')) = (subject_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX threads_by_network ON threads (space_network_id, last_activity_at DESC, id DESC) WHERE space_network_id IS NOT NULL`);
    await db.query(`CREATE INDEX threads_by_organisation ON threads (space_organisation_id, last_activity_at DESC, id DESC) WHERE space_organisation_id IS NOT NULL`);
    await db.query(`CREATE INDEX threads_by_subject ON threads (space_kind, subject_id, last_activity_at DESC, id DESC) WHERE subject_id IS NOT NULL`);
    await db.query(`CREATE INDEX threads_with_retention ON threads (id) WHERE retention_days IS NOT NULL`);

    await db.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY,
        thread_id uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq > 0),
        author_id uuid NOT NULL REFERENCES users (id),
        -- The client's id for the post and a digest of what it posted: a retry returns the first result.
        client_id uuid NOT NULL,
        client_digest bytea NOT NULL,
        body text CHECK (length(body) BETWEEN 1 AND 20000),
        reply_to_id uuid REFERENCES messages (id) ON DELETE SET NULL,
        importance text NOT NULL DEFAULT 'NORMAL' CHECK (importance IN ('NORMAL', 'IMPORTANT', 'URGENT')),
        acknowledgement_requested boolean NOT NULL DEFAULT false,
        -- Who the author named; message_mentions also holds everyone reached by @thread, for counts.
        mentioned_user_ids uuid[] NOT NULL DEFAULT '{}',
        mentions_thread boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
        edited_at timestamptz,
        deleted_at timestamptz,
        reminded_at timestamptz,
        reminder_count integer NOT NULL DEFAULT 0,
        CONSTRAINT messages_thread_seq UNIQUE (thread_id, seq),
        CONSTRAINT messages_client_id UNIQUE (thread_id, author_id, client_id),
        CONSTRAINT messages_tombstone CHECK ((deleted_at IS NULL) = (body IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX messages_reply_to ON messages (reply_to_id) WHERE reply_to_id IS NOT NULL`);
    await db.query(`
      CREATE INDEX messages_awaiting_acknowledgement ON messages (created_at)
      WHERE importance = 'URGENT' AND acknowledgement_requested AND deleted_at IS NULL`);

    await db.query(`
      CREATE TABLE message_edits (
        id uuid PRIMARY KEY,
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        -- A version the message had before an edit, and when that version was written.
        body text NOT NULL,
        written_at timestamptz NOT NULL,
        replaced_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
      )`);
    await db.query(`CREATE INDEX message_edits_by_message ON message_edits (message_id, replaced_at)`);

    await db.query(`
      CREATE TABLE message_reactions (
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        emoji text NOT NULL CHECK (length(emoji) BETWEEN 1 AND 32),
        PRIMARY KEY (message_id, user_id, emoji)
      )`);

    await db.query(`
      CREATE TABLE message_mentions (
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        thread_id uuid NOT NULL,
        seq integer NOT NULL,
        PRIMARY KEY (message_id, user_id)
      )`);
    await db.query(`CREATE INDEX message_mentions_by_user ON message_mentions (user_id, thread_id, seq)`);

    await db.query(`
      CREATE TABLE message_acknowledgements (
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        acknowledged_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (message_id, user_id)
      )`);

    await db.query(`
      CREATE TABLE thread_reads (
        thread_id uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        last_read_seq integer NOT NULL CHECK (last_read_seq >= 0),
        PRIMARY KEY (thread_id, user_id)
      )`);

    // The retention purge deletes the outbox events that name a purged message (SECURITY.md 29).
    await db.query(`
      CREATE INDEX outbox_events_discussion_message ON outbox_events ((payload->>'messageId'))
      WHERE type LIKE 'discussions.%' AND payload ? 'messageId'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX outbox_events_discussion_message');
    await db.query('DROP TABLE thread_reads, message_acknowledgements, message_mentions, message_reactions, message_edits, messages, threads');
  }
}
