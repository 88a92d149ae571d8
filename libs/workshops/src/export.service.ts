import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@sw/audit';
import type { Actor, AppAbility } from '@sw/authz';
import { newId } from '@sw/database';
import { Transactions } from '@sw/events';
import { badInput, notFound } from '@sw/graphql';
import { AgendaService } from './agenda.service.js';
import { toCsv } from './csv.js';
import { calendar, type CalendarEvent } from './ical.js';
import { IdentityDirectory } from '@sw/identity';
import { ParticipantService } from './participant.service.js';
import { PROTECTED_FIELD_NAMES } from './protected-fields.js';
import { BUILT_IN_TEMPLATES, type LetterFacts, letterHtml, letterPdf } from './visa-letter.js';
import { allowedIds } from './workshop-access.js';
import { ParticipantEntity, type WorkshopEntity } from './workshop.entity.js';
import type { DownloadInput } from './workshop.inputs.js';
import { SEATED } from './workshop.policy.js';
import { WorkshopService } from './workshop.service.js';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
const newToken = () => randomBytes(32).toString('base64url');
const DOWNLOAD_TTL_MS = 5 * 60_000;
export const DOWNLOAD_PATH = '/workshops/downloads';
export const FEED_PATH = '/workshops/calendar';

export interface DownloadFile {
  filename: string;
  contentType: string;
  body: string | Buffer;
}

interface DownloadRow {
  id: string;
  workshop_id: string;
  kind: 'PARTICIPANTS_CSV' | 'VISA_LETTER';
  participant_id: string | null;
  language: string | null;
  format: 'CSV' | 'HTML' | 'PDF' | null;
}

/** Participant CSV and visa letters (through single-use links), iCalendar agenda and feeds, letter templates. */
@Injectable()
export class ExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly lookups: IdentityDirectory,
    private readonly workshops: WorkshopService,
    private readonly participants: ParticipantService,
    private readonly agenda: AgendaService,
  ) {}

  // ---- single-use download links (SECURITY.md 30) --------------------------------------------

  /** Organisers only, after the password again: a link that works once, for this user, for five minutes. */
  async createDownload(ability: AppAbility, actorId: string, input: DownloadInput): Promise<{ url: string; expiresAt: Date }> {
    const w = await this.workshops.assertOrganiser(ability, input.workshopId);
    return this.tx.run(async (manager) => {
      await this.lookups.reauthenticate(manager, actorId, input.password);
      let format: 'CSV' | 'HTML' | 'PDF' = 'CSV';
      if (input.kind === 'VISA_LETTER') {
        if (!input.participantId) throw badInput('participantId', 'is required for a visa letter');
        format = input.format ?? 'PDF';
        const languages = await this.templateLanguages(manager, w.id);
        if (!input.language || !languages.includes(input.language)) throw badInput('language', `must be one of the template's languages: ${languages.join(', ')}`);
        await this.letterSubject(manager, ability, w, input.participantId);
      }
      const token = newToken();
      const expiresAt = new Date(Date.now() + DOWNLOAD_TTL_MS);
      const [{ id }] = await manager.query(
        `INSERT INTO workshop_downloads (id, token_hash, user_id, workshop_id, kind, participant_id, language, format, expires_at)
         VALUES ($9, $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [digest(token), actorId, w.id, input.kind, input.participantId ?? null, input.language ?? null, format, expiresAt, newId()],
      );
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.export_issued', organisationId: w.organisationId, subjectType: 'Workshop', subjectId: w.id,
        metadata: { download: id as string, kind: input.kind, participant: input.participantId ?? null },
      });
      return { url: `${DOWNLOAD_PATH}/${token}`, expiresAt };
    });
  }

  /**
   * Serves a link once, to the user who made it, while they still organise the workshop. The file
   * is made now (nothing is kept); the download and every protected record in it are audited.
   */
  async consumeDownload(ability: AppAbility, actor: Actor, token: string): Promise<DownloadFile> {
    return this.tx.run(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE workshop_downloads SET used_at = now()
         WHERE token_hash = $1 AND user_id = $2 AND used_at IS NULL AND expires_at > now()
         RETURNING id, workshop_id, kind, participant_id, language, format`,
        [digest(token), actor.userId],
      )) as [DownloadRow[], number];
      const download = rows[0];
      if (!download) throw notFound('Download');
      const w = await this.workshops.assertOrganiser(ability, download.workshop_id, manager);
      const file = download.kind === 'PARTICIPANTS_CSV'
        ? await this.participantsCsv(manager, ability, actor.userId, w)
        : await this.letter(manager, ability, actor.userId, w, download);
      await this.audit.record(manager, {
        actorUserId: actor.userId, action: 'workshop.export_downloaded', organisationId: w.organisationId, subjectType: 'Workshop', subjectId: w.id,
        metadata: { download: download.id, kind: download.kind },
      });
      return file;
    });
  }

  private async participantsCsv(manager: EntityManager, ability: AppAbility, actorId: string, w: WorkshopEntity): Promise<DownloadFile> {
    const rows = await manager.getRepository(ParticipantEntity).find({ where: { workshopId: w.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    // The same field rule as every other path: only rows the organiser view and readProtected allow.
    const models = (await this.participants.toModels(ability, actorId, rows, manager)).filter((m) => m.fullView);
    const data = await this.participants.protectedData(ability, actorId, models.map((m) => m.id), 'csv', manager);
    const header = ['id', 'name', 'organisation', 'invited email', 'role', 'state', 'position', 'shares identity', ...PROTECTED_FIELD_NAMES];
    const lines = models.map((m) => {
      const p = data.get(m.id);
      return [m.id, m.displayName, m.organisationName, m.invitedEmail, m.role, m.state, m.position, m.shareIdentity, ...PROTECTED_FIELD_NAMES.map((f) => p?.[f] ?? '')];
    });
    return { filename: `participants-${w.id}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(header, lines) };
  }

  // ---- visa letters ---------------------------------------------------------------------------

  private async templateLanguages(manager: EntityManager, workshopId: string): Promise<string[]> {
    return (await this.templates(manager, workshopId)).map((t) => t.language);
  }

  async templates(manager: EntityManager, workshopId: string): Promise<{ language: string; body: string; builtIn: boolean }[]> {
    const own: { language: string; body: string }[] = await manager.query('SELECT language, body FROM workshop_letter_templates WHERE workshop_id = $1 ORDER BY language', [workshopId]);
    if (own.length > 0) return own.map((t) => ({ ...t, builtIn: false }));
    return Object.entries(BUILT_IN_TEMPLATES).map(([language, body]) => ({ language, body, builtIn: true }));
  }

  async listTemplates(ability: AppAbility, workshopId: string) {
    await this.workshops.assertOrganiser(ability, workshopId);
    return this.templates(this.dataSource.manager, workshopId);
  }

  async setTemplate(ability: AppAbility, actorId: string, input: { workshopId: string; language: string; body: string }) {
    return this.tx.run(async (manager) => {
      const w = await this.workshops.lock(manager, ability, input.workshopId);
      await manager.query(
        `INSERT INTO workshop_letter_templates (workshop_id, language, body) VALUES ($1, $2, $3)
         ON CONFLICT (workshop_id, language) DO UPDATE SET body = EXCLUDED.body, updated_at = now()`,
        [w.id, input.language, input.body],
      );
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.letter_template_changed', organisationId: w.organisationId, subjectType: 'Workshop', subjectId: w.id,
        metadata: { language: input.language },
      });
      return this.templates(manager, w.id);
    });
  }

  /** The participant a letter may be made for: seated and asked for visa support (read through the field rule). */
  private async letterSubject(manager: EntityManager, ability: AppAbility, w: WorkshopEntity, participantId: string) {
    const rows = await manager.getRepository(ParticipantEntity).find({ where: { id: participantId, workshopId: w.id } });
    if (rows.length === 0 || !(await allowedIds(manager, ability, 'readProtected', 'Participant', [participantId])).has(participantId)) {
      throw notFound('Participant');
    }
    if (!SEATED.includes(rows[0]!.state)) throw badInput('participantId', 'is not a confirmed participant');
    const columns: { asked: boolean }[] = await manager.query('SELECT visa_support_needs IS NOT NULL AS asked FROM workshop_participants WHERE id = $1', [participantId]);
    if (!columns[0]?.asked) throw badInput('participantId', 'has not asked for visa support');
    return rows[0]!;
  }

  private async letter(manager: EntityManager, ability: AppAbility, actorId: string, w: WorkshopEntity, download: DownloadRow): Promise<DownloadFile> {
    const participant = await this.letterSubject(manager, ability, w, download.participant_id!);
    const language = download.language!;
    const template = (await this.templates(manager, w.id)).find((t) => t.language === language);
    if (!template) throw badInput('language', 'has no template any more');
    const data = (await this.participants.protectedData(ability, actorId, [participant.id], 'visa_letter', manager)).get(participant.id);
    const person = participant.userId ? (await this.lookups.people(manager, [participant.userId])).get(participant.userId) : undefined;
    const organisers = await this.lookups.organisationNames(manager, (await this.workshops.organisingOrganisations([w.id])).get(w.id) ?? []);
    const location = this.workshops.decryptLocation(w);
    const day = (d: Date) => new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: w.timeZone }).format(d);
    const country = w.country ? (new Intl.DisplayNames([language], { type: 'region' }).of(w.country) ?? w.country) : '';
    const facts: LetterFacts = {
      participantName: data?.legalName ?? person?.displayName ?? '',
      nationality: data?.passportNationality ?? '',
      workshopTitle: w.title,
      startDate: day(w.startsAt),
      endDate: day(w.endsAt),
      venue: location.venue ?? '',
      city: w.city ?? '',
      country,
      organiser: [...organisers.values()].join(', '),
    };
    const today = day(new Date());
    const name = `visa-letter-${participant.id}-${language}`;
    await this.audit.record(manager, {
      actorUserId: actorId, action: 'workshop.visa_letter_issued', organisationId: w.organisationId, subjectType: 'Participant', subjectId: participant.id,
      metadata: { language, format: download.format },
    });
    if (download.format === 'HTML') return { filename: `${name}.html`, contentType: 'text/html; charset=utf-8', body: letterHtml(language, template.body, facts, today) };
    return { filename: `${name}.pdf`, contentType: 'application/pdf', body: await letterPdf(language, template.body, facts, today) };
  }

  // ---- calendars ------------------------------------------------------------------------------

  /** The agenda of a workshop the caller may read, as iCalendar; the venue only for those who may see it. */
  async agendaIcs(ability: AppAbility, workshopId: string): Promise<string> {
    const w = await this.workshops.get(ability, workshopId);
    const { venue } = await this.workshops.flags(ability, [w.id]);
    const place = venue.has(w.id) ? this.workshops.decryptLocation(w).venue : null;
    const where = [place, w.city, w.country].filter(Boolean).join(', ');
    const sessions = await this.agenda.sessionsOf(this.dataSource.manager, w.id);
    const events: CalendarEvent[] = [
      { uid: `workshop-${w.id}@solidarity-workspace`, start: w.startsAt, end: w.endsAt, summary: w.title, location: where, cancelled: w.status === 'CANCELLED' },
      ...sessions.map((s) => ({
        uid: `session-${s.id}@solidarity-workspace`, start: s.startsAt, end: s.endsAt, summary: s.title, description: s.description,
        location: [s.track, s.room].filter(Boolean).join(' · '), cancelled: w.status === 'CANCELLED',
      })),
    ];
    return calendar(w.title, events);
  }

  /** A new secret feed URL (the previous one stops working). Only its digest is stored. */
  async createFeed(userId: string): Promise<string> {
    const token = newToken();
    await this.dataSource.query(
      `INSERT INTO workshop_calendar_feeds (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = date_trunc('milliseconds', now())`,
      [userId, digest(token)],
    );
    return `${FEED_PATH}/${token}.ics`;
  }

  async revokeFeed(userId: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query('DELETE FROM workshop_calendar_feeds WHERE user_id = $1', [userId]);
    return count > 0;
  }

  /**
   * The feed a calendar app fetches without a session. It leaves our protection (calendar apps
   * sync to third parties), so it holds only title, times and city: no venue, link or people.
   */
  async feed(token: string): Promise<string | null> {
    const manager = this.dataSource.manager;
    const owner: { user_id: string }[] = await manager.query('SELECT user_id FROM workshop_calendar_feeds WHERE token_hash = $1', [digest(token)]);
    if (owner.length === 0 || (await this.lookups.isSuspended(manager, owner[0]!.user_id))) return null;
    const userId = owner[0]!.user_id;
    const rows: { id: string; title: string; starts_at: Date; ends_at: Date; city: string | null; country: string | null; status: string; organisation_id: string | null }[] =
      await manager.query(
        `SELECT w.id, w.title, w.starts_at, w.ends_at, w.city, w.country, w.status, NULL::uuid AS organisation_id
           FROM workshops w JOIN workshop_participants p ON p.workshop_id = w.id
          WHERE p.user_id = $1 AND p.state = ANY($2) AND w.published
         UNION
         SELECT w.id, w.title, w.starts_at, w.ends_at, w.city, w.country, w.status, o.organisation_id
           FROM workshops w JOIN workshop_organisers o ON o.workshop_id = w.id
          WHERE o.user_id = $1
         ORDER BY starts_at LIMIT 500`,
        [userId, SEATED],
      );
    const events: CalendarEvent[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      // Organiser rights hold only through a live membership, as in the rules.
      if (seen.has(r.id) || (r.organisation_id && !(await this.lookups.isActiveMember(manager, userId, r.organisation_id)))) continue;
      seen.add(r.id);
      events.push({
        uid: `workshop-${r.id}@solidarity-workspace`, start: r.starts_at, end: r.ends_at, summary: r.title,
        location: [r.city, r.country].filter(Boolean).join(', '), cancelled: r.status === 'CANCELLED',
      });
    }
    return calendar('Workshops', events);
  }
}
