import type { DataSource } from 'typeorm';
import { newId } from '@sw/database';
import { PasswordService } from './password.service.js';

/** The passphrase of every demo account. Demo data is fictional and only seeded into an empty database. */
export const DEMO_PASSWORD = 'demo passphrase for a fictional network';

const NETWORKS = [
  { slug: 'kestrel-network', name: 'Kestrel Rights Network' },
  { slug: 'harbour-group', name: 'Harbour Solidarity Group' },
];
// [slug, name, standings]
const ORGANISATIONS: [string, string, [string, 'MEMBER' | 'PARTNER'][]][] = [
  ['lantern-lawyers', 'Lantern Lawyers Collective', [['kestrel-network', 'MEMBER']]],
  ['open-press-desk', 'Open Press Desk', [['kestrel-network', 'MEMBER']]],
  ['campus-voices', 'Campus Voices Association', [['kestrel-network', 'MEMBER']]],
  ['workers-ledger', "Workers' Ledger Union Forum", [['kestrel-network', 'PARTNER']]],
  ['north-bridge', 'North Bridge Foundation', [['harbour-group', 'MEMBER'], ['kestrel-network', 'PARTNER']]],
  ['civic-compass', 'Civic Compass Institute', [['harbour-group', 'MEMBER']]],
  ['rights-relay', 'Rights Relay e.V.', [['harbour-group', 'MEMBER'], ['kestrel-network', 'PARTNER']]],
  ['quiet-harbour', 'Quiet Harbour Trust', [['harbour-group', 'MEMBER']]],
];
// [email local part, display name, locale, organisation slug, role]
const USERS: [string, string, 'en' | 'tr', string | null, 'ADMIN' | 'MEMBER'][] = [
  ['operator', 'Platform Operator', 'en', null, 'MEMBER'],
  ['deniz', 'Deniz Avcı', 'tr', 'lantern-lawyers', 'ADMIN'],
  ['ece', 'Ece Yıldırımoğlu', 'tr', 'lantern-lawyers', 'MEMBER'],
  ['kerem', 'Kerem Sarıkaya', 'tr', 'open-press-desk', 'ADMIN'],
  ['selin', 'Selin Karadağlı', 'tr', 'open-press-desk', 'MEMBER'],
  ['baran', 'Baran Özdemirci', 'tr', 'campus-voices', 'ADMIN'],
  ['nazli', 'Nazlı Erenköy', 'tr', 'workers-ledger', 'ADMIN'],
  ['margit', 'Margit Holmqvist', 'en', 'north-bridge', 'ADMIN'],
  ['lucas', 'Lucas Verbeke', 'en', 'civic-compass', 'ADMIN'],
  ['ines', 'Inês Carvalheira', 'en', 'rights-relay', 'ADMIN'],
  ['tomas', 'Tomás Ferreiro', 'en', 'rights-relay', 'MEMBER'],
  ['hanna', 'Hanna Lindqvist', 'en', 'quiet-harbour', 'ADMIN'],
];
const COORDINATORS: [string, string][] = [['deniz', 'kestrel-network'], ['margit', 'harbour-group']];
const EMAIL_DOMAIN = 'demo.invalid'; // reserved: these addresses can never reach anyone

/** Seeds a small fictional network into an empty database. Returns the accounts, or null when users exist. */
export async function seedDemoData(dataSource: DataSource): Promise<{ email: string; role: string }[] | null> {
  const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM users');
  if (count > 0) return null;
  const hash = await new PasswordService().hash(DEMO_PASSWORD);
  return dataSource.transaction(async (db) => {
    const ids = new Map<string, string>();
    for (const n of NETWORKS) {
      ids.set(n.slug, newId());
      await db.query('INSERT INTO networks (id, name, slug) VALUES ($1, $2, $3)', [ids.get(n.slug), n.name, n.slug]);
    }
    for (const [slug, name, standings] of ORGANISATIONS) {
      ids.set(slug, newId());
      await db.query('INSERT INTO organisations (id, name, slug) VALUES ($1, $2, $3)', [ids.get(slug), name, slug]);
      for (const [network, standing] of standings) {
        await db.query('INSERT INTO network_organisations (network_id, organisation_id, standing) VALUES ($1, $2, $3)', [
          ids.get(network), ids.get(slug), standing,
        ]);
      }
    }
    const accounts: { email: string; role: string }[] = [];
    for (const [local, name, locale, org, role] of USERS) {
      const id = newId();
      ids.set(local, id);
      const email = `${local}@${EMAIL_DOMAIN}`;
      await db.query(
        'INSERT INTO users (id, email, display_name, locale, password_hash, is_operator) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, email, name, locale, hash, org === null],
      );
      if (org) {
        await db.query('INSERT INTO memberships (id, user_id, organisation_id, role) VALUES ($1, $2, $3, $4)', [newId(), id, ids.get(org), role]);
      }
      const coordinates = COORDINATORS.filter(([u]) => u === local).map(([, n]) => n);
      for (const network of coordinates) {
        await db.query('INSERT INTO network_coordinators (network_id, user_id) VALUES ($1, $2)', [ids.get(network), id]);
      }
      const what = org === null ? 'platform operator' : `${role === 'ADMIN' ? 'admin' : 'member'} of ${org}`;
      accounts.push({ email, role: coordinates.length ? `${what}, coordinator of ${coordinates.join(', ')}` : what });
    }
    return accounts;
  });
}
