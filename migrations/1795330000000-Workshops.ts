// Workshops: organisers, audiences, participants (capacity and waiting list decided by the database),
// agenda sessions (no overlap per track, by an exclusion constraint), tasks, letter templates,
// single-use download links and calendar feeds. Protected participant fields and the venue are
// FieldCipher ciphertexts (AAD = table/column/row); tokens are stored only as SHA-256 digests.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const PARTICIPANT_STATES = `'INVITED', 'REGISTERED', 'CONFIRMED', 'WAITLISTED', 'ATTENDED', 'DECLINED', 'CANCELLED'`;

export class Workshops1795330000000 implements MigrationInterface {
  name = 'Workshops1795330000000';

  async up(db: QueryRunner): Promise<void> {
    // Trusted since PostgreSQL 13: the database owner may create it. Equality on uuid/text in a GiST index.
    await db.query('CREATE EXTENSION IF NOT EXISTS btree_gist');

    await db.query(`
      CREATE TABLE workshops (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
        format text NOT NULL CHECK (format IN ('IN_PERSON', 'ONLINE', 'HYBRID')),
        venue text,
        online_url text,
        city text CHECK (length(city) <= 100),
        country text CHECK (country ~ '^[A-Z]{2}$'),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        registration_deadline timestamptz,
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
        confirmed_count integer NOT NULL DEFAULT 0,
        languages text[] NOT NULL DEFAULT '{}',
        interpretation text[] NOT NULL DEFAULT '{}',
        admission text NOT NULL CHECK (admission IN ('FIRST_COME', 'BY_APPLICATION')),
        status text NOT NULL DEFAULT 'PLANNING' CHECK (status IN ('PLANNING', 'OPEN', 'CLOSED', 'HELD', 'CANCELLED')),
        published boolean NOT NULL DEFAULT false,
        registration_seq integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT workshops_dates CHECK (ends_at > starts_at),
        CONSTRAINT workshops_deadline CHECK (registration_deadline IS NULL OR registration_deadline <= ends_at),
        -- Capacity is the database's: no code path can confirm one participant too many.
        CONSTRAINT workshops_capacity CHECK (confirmed_count BETWEEN 0 AND capacity),
        CONSTRAINT workshops_published CHECK (published OR status IN ('PLANNING', 'CANCELLED'))
      )`);
    await db.query('CREATE INDEX workshops_keyset ON workshops (created_at, id)');

    await db.query(`
      CREATE TABLE workshop_organisations (
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (workshop_id, organisation_id)
      )`);
    await db.query('CREATE INDEX workshop_organisations_by_org ON workshop_organisations (organisation_id)');

    // The organising team: people, each through one of the organising organisations (a suspended
    // or removed membership stops granting anything, because the rules require it).
    await db.query(`
      CREATE TABLE workshop_organisers (
        workshop_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (workshop_id, user_id),
        FOREIGN KEY (workshop_id, organisation_id) REFERENCES workshop_organisations (workshop_id, organisation_id) ON DELETE CASCADE
      )`);
    await db.query('CREATE INDEX workshop_organisers_by_user ON workshop_organisers (user_id)');

    await db.query(`
      CREATE TABLE workshop_audiences (
        id uuid PRIMARY KEY,
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        organisation_id uuid REFERENCES organisations (id) ON DELETE CASCADE,
        network_id uuid REFERENCES networks (id) ON DELETE CASCADE,
        CHECK (num_nonnulls(organisation_id, network_id) = 1),
        UNIQUE (workshop_id, organisation_id),
        UNIQUE (workshop_id, network_id)
      )`);
    await db.query('CREATE INDEX workshop_audiences_by_org ON workshop_audiences (organisation_id)');
    await db.query('CREATE INDEX workshop_audiences_by_network ON workshop_audiences (network_id)');

    await db.query(`
      CREATE TABLE workshop_participants (
        id uuid PRIMARY KEY,
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        invited_email text CHECK (invited_email = lower(invited_email) AND length(invited_email) BETWEEN 3 AND 254),
        invitation_token_hash bytea UNIQUE,
        invitation_expires_at timestamptz,
        organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
        role text NOT NULL DEFAULT 'PARTICIPANT' CHECK (role IN ('PARTICIPANT', 'SPEAKER', 'FACILITATOR', 'ORGANISER', 'INTERPRETER')),
        state text NOT NULL CHECK (state IN (${PARTICIPANT_STATES})),
        queue_position integer,
        applied_at timestamptz,
        share_identity boolean NOT NULL DEFAULT false,
        legal_name text,
        travel_needs text,
        visa_support_needs text,
        passport_nationality text,
        dietary_needs text,
        accessibility_needs text,
        phone text,
        emergency_contact text,
        invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (user_id IS NOT NULL OR invited_email IS NOT NULL),
        CHECK (state = 'INVITED' OR user_id IS NOT NULL),
        CHECK ((queue_position IS NULL) = (applied_at IS NULL))
      )`);
    await db.query('CREATE UNIQUE INDEX workshop_participants_user ON workshop_participants (workshop_id, user_id) WHERE user_id IS NOT NULL');
    await db.query('CREATE UNIQUE INDEX workshop_participants_email ON workshop_participants (workshop_id, invited_email) WHERE invited_email IS NOT NULL');
    await db.query('CREATE UNIQUE INDEX workshop_participants_position ON workshop_participants (workshop_id, queue_position) WHERE queue_position IS NOT NULL');
    await db.query('CREATE INDEX workshop_participants_keyset ON workshop_participants (workshop_id, created_at, id)');
    await db.query('CREATE INDEX workshop_participants_by_user ON workshop_participants (user_id, created_at, id)');

    // confirmed_count follows the participants; the CHECK on workshops then refuses an overbooking.
    await db.query(`
      CREATE FUNCTION workshop_participants_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE was boolean := false; now_in boolean := false;
      BEGIN
        IF TG_OP <> 'INSERT' THEN was := OLD.state IN ('CONFIRMED', 'ATTENDED'); END IF;
        IF TG_OP <> 'DELETE' THEN now_in := NEW.state IN ('CONFIRMED', 'ATTENDED'); END IF;
        IF TG_OP = 'UPDATE' AND OLD.workshop_id <> NEW.workshop_id THEN
          RAISE EXCEPTION 'a participant cannot move to another workshop';
        END IF;
        IF was AND NOT now_in THEN
          UPDATE workshops SET confirmed_count = confirmed_count - 1 WHERE id = OLD.workshop_id;
        ELSIF now_in AND NOT was THEN
          UPDATE workshops SET confirmed_count = confirmed_count + 1 WHERE id = NEW.workshop_id;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER workshop_participants_count AFTER INSERT OR DELETE OR UPDATE OF state, workshop_id
      ON workshop_participants FOR EACH ROW EXECUTE FUNCTION workshop_participants_count()`);

    // Who may see a workshop, one row per grant: the rules (workshop.policy.ts) are evaluated on
    // these rows in SQL, EXISTS-wise, so CASL needs no $or and no array fields.
    await db.query(`
      CREATE VIEW workshop_access AS
        SELECT workshop_id, 'ORGANISING_ORG'::text AS kind, organisation_id, NULL::uuid AS network_id, NULL::uuid AS user_id, NULL::text AS state
          FROM workshop_organisations
        UNION ALL
        SELECT workshop_id, 'ORGANISER', organisation_id, NULL, user_id, NULL FROM workshop_organisers
        UNION ALL
        SELECT workshop_id, 'AUDIENCE', organisation_id, network_id, NULL, NULL FROM workshop_audiences
        UNION ALL
        SELECT workshop_id, 'PARTICIPANT', NULL, NULL, user_id, state FROM workshop_participants WHERE user_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE workshop_sessions (
        id uuid PRIMARY KEY,
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
        track text NOT NULL DEFAULT '' CHECK (length(track) <= 100),
        room text CHECK (length(room) <= 100),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CONSTRAINT workshop_sessions_no_overlap EXCLUDE USING gist (
          workshop_id WITH =, track WITH =, tstzrange(starts_at, ends_at) WITH &&
        )
      )`);

    await db.query(`
      CREATE TABLE workshop_session_people (
        session_id uuid NOT NULL REFERENCES workshop_sessions (id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES workshop_participants (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('SPEAKER', 'FACILITATOR')),
        PRIMARY KEY (session_id, participant_id)
      )`);

    await db.query(`
      CREATE TABLE workshop_tasks (
        id uuid PRIMARY KEY,
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        assignee_user_id uuid,
        due_on date,
        done_at timestamptz,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (workshop_id, assignee_user_id) REFERENCES workshop_organisers (workshop_id, user_id) ON DELETE SET NULL (assignee_user_id)
      )`);
    await db.query('CREATE INDEX workshop_tasks_keyset ON workshop_tasks (workshop_id, created_at, id)');

    await db.query(`
      CREATE TABLE workshop_letter_templates (
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        language text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workshop_id, language)
      )`);

    // Single-use, short-lived links minted after re-authentication; the file is made when fetched.
    await db.query(`
      CREATE TABLE workshop_downloads (
        id uuid PRIMARY KEY,
        token_hash bytea NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('PARTICIPANTS_CSV', 'VISA_LETTER')),
        participant_id uuid REFERENCES workshop_participants (id) ON DELETE CASCADE,
        language text,
        format text CHECK (format IN ('CSV', 'HTML', 'PDF')),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);

    await db.query(`
      CREATE TABLE workshop_calendar_feeds (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE workshop_calendar_feeds, workshop_downloads, workshop_letter_templates, workshop_tasks, workshop_session_people, workshop_sessions');
    await db.query('DROP VIEW workshop_access');
    await db.query('DROP TABLE workshop_participants, workshop_audiences, workshop_organisers, workshop_organisations, workshops');
    await db.query('DROP FUNCTION workshop_participants_count');
  }
}
