// Keyset cursors carry millisecond timestamps, so every keyset column is stored at that precision.
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, organisations, networks and how they relate; sessions, invitations and second factors. */
export class Identity1795300000001 implements MigrationInterface {
  name = 'Identity1795300000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
        locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'tr')),
        password_hash text NOT NULL,
        is_operator boolean NOT NULL DEFAULT false,
        suspended_at timestamptz,
        totp_secret text,
        totp_pending_secret text,
        totp_enabled_at timestamptz,
        totp_last_step bigint,
        credentials_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT users_email_unique UNIQUE (email)
      )`);

    await db.query(`
      CREATE TABLE recovery_codes (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT recovery_codes_unique UNIQUE (user_id, code_hash)
      )`);

    await db.query(`
      CREATE TABLE networks (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);

    await db.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
        requires_two_factor boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`CREATE INDEX organisations_keyset ON organisations (created_at, id)`);

    await db.query(`
      CREATE TABLE network_organisations (
        network_id uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        standing text NOT NULL CHECK (standing IN ('MEMBER', 'PARTNER')),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (network_id, organisation_id)
      )`);
    await db.query(`CREATE INDEX network_organisations_by_org ON network_organisations (organisation_id)`);

    await db.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
        suspended_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT memberships_unique UNIQUE (user_id, organisation_id)
      )`);
    await db.query(`CREATE INDEX memberships_by_org ON memberships (organisation_id, created_at, id)`);

    await db.query(`
      CREATE TABLE network_coordinators (
        network_id uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (network_id, user_id)
      )`);
    await db.query(`CREATE INDEX network_coordinators_by_user ON network_coordinators (user_id)`);

    await db.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        role text NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
        token_hash bytea NOT NULL UNIQUE,
        invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`CREATE INDEX invitations_by_org ON invitations (organisation_id, created_at, id)`);

    await db.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        client_label text NOT NULL DEFAULT 'unknown client' CHECK (length(client_label) <= 60),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        idle_expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX sessions_by_user ON sessions (user_id, created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP TABLE sessions, invitations, network_coordinators, memberships, network_organisations, organisations, networks, recovery_codes, users',
    );
  }
}
