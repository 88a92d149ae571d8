import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox, event de-duplication, rate-limit counters and the append-only, hash-chained audit log. */
export class PlatformFoundation1795300000000 implements MigrationInterface {
  name = 'PlatformFoundation1795300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY,
        type text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0
      )`);
    await db.query(`CREATE INDEX outbox_events_unpublished ON outbox_events (created_at) WHERE published_at IS NULL`);

    await db.query(`
      CREATE TABLE processed_events (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);

    await db.query(`
      CREATE TABLE rate_limit_counters (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);

    await db.query(`
      CREATE TABLE audit_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        occurred_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        actor_user_id uuid,
        action text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
        organisation_id uuid,
        network_id uuid,
        subject_type text,
        subject_id uuid,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash bytea NOT NULL,
        hash bytea NOT NULL
      )`);
    await db.query(`CREATE INDEX audit_log_organisation ON audit_log (organisation_id, occurred_at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_log_network ON audit_log (network_id, occurred_at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_log_keyset ON audit_log (occurred_at DESC, id DESC)`);

    // The chain is computed in the database, under a lock, so no code path can skip or fork it.
    await db.query(`
      CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE previous bytea;
      BEGIN
        PERFORM pg_advisory_xact_lock(4242001);
        SELECT hash INTO previous FROM audit_log ORDER BY seq DESC LIMIT 1;
        NEW.prev_hash := coalesce(previous, '\\x'::bytea);
        NEW.hash := sha256(NEW.prev_hash || convert_to(audit_log_canonical(
          NEW.id, NEW.occurred_at, NEW.actor_user_id, NEW.action, NEW.organisation_id,
          NEW.network_id, NEW.subject_type, NEW.subject_id, NEW.metadata), 'UTF8'));
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE FUNCTION audit_log_canonical(
        id uuid, occurred_at timestamptz, actor uuid, action text, organisation uuid,
        network uuid, subject_type text, subject uuid, metadata jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT concat_ws('|', id::text, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
          coalesce(actor::text, ''), action, coalesce(organisation::text, ''), coalesce(network::text, ''),
          coalesce(subject_type, ''), coalesce(subject::text, ''), metadata::text)
      $$`);
    await db.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`);
    await db.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await db.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_log');
    await db.query('DROP FUNCTION audit_log_refuse_change, audit_log_chain, audit_log_canonical');
    await db.query('DROP TABLE rate_limit_counters, processed_events, outbox_events');
  }
}
