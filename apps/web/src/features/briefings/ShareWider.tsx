import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useDraft } from '../../app/drafts';
import { formErrors } from '../../app/errors';
import { useSession } from '../../app/session';
import type { Tlp } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { SelectField, TextArea } from '../../ui/Field';
import { AudiencePicker, EMPTY_AUDIENCE, type Audience } from './AudiencePicker';
import type { BriefingDetail } from './BriefingPage';
import { AskToShareBriefingDocument, DecideShareRequestDocument, ForwardBriefingDocument, ShareRequestsDocument } from './operations';
import { looserThan, tlpLabel } from './tlp';
import { useOwnAudienceOptions } from './useAudienceOptions';

/** Sharing further as the level allows, asking the source to share wider, and the requests to do so. */
export function ShareWider({ briefing }: { briefing: BriefingDetail }) {
  const isSource = briefing.source !== null;
  const forwardable = briefing.tlp === 'AMBER' || briefing.tlp === 'GREEN';
  return (
    <>
      {!isSource && forwardable ? <ForwardForm briefing={briefing} /> : null}
      {!isSource && briefing.tlp !== 'CLEAR' ? <AskToShareForm briefing={briefing} /> : null}
      {briefing.tlp !== 'CLEAR' ? <ShareRequests briefing={briefing} /> : null}
    </>
  );
}

function ForwardForm({ briefing }: { briefing: BriefingDetail }) {
  const { t } = useI18n();
  const { viewer } = useSession();
  const { options } = useOwnAudienceOptions();
  const [audience, setAudience] = useState<Audience>(EMPTY_AUDIENCE);
  const [done, setDone] = useState(false);
  const [missing, setMissing] = useState(false);
  const [forward, { loading, error, reset }] = useMutation(ForwardBriefingDocument);
  const mine = new Set(viewer.memberships.map((m) => m.organisationId));
  // AMBER stays within the reader's own organisations: offer only those (the API checks either way).
  const scoped =
    options && briefing.tlp === 'AMBER'
      ? { ...options, organisations: options.organisations.filter((o) => mine.has(o.id)), people: options.people.filter((p) => mine.has(p.organisation.id)) }
      : options;
  const errors = formErrors(error, t);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (audience.userIds.length + audience.organisationIds.length === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void forward({ variables: { id: briefing.id, input: { userIds: audience.userIds, organisationIds: audience.organisationIds } } }).then(
      () => {
        setDone(true);
        setAudience(EMPTY_AUDIENCE);
        reset();
      },
      () => undefined,
    );
  };
  return (
    <details className="briefing__section card">
      <summary className="briefing__disclosure">{t('briefings.forward.title')}</summary>
      <form onSubmit={submit}>
        <AudiencePicker
          legend={t('briefings.picker.legend')}
          rule={t(briefing.tlp === 'AMBER' ? 'briefings.forward.AMBER' : 'briefings.forward.GREEN')}
          kinds={['people', 'organisations']}
          options={scoped}
          value={audience}
          onChange={setAudience}
          errors={{ people: errors.field('userIds'), organisations: errors.field('organisationIds') }}
        />
        <Alert messages={[...(missing ? [t('briefings.forward.pickOne')] : []), ...errors.general(['userIds', 'organisationIds'])]} />
        <button type="submit" className="primary" disabled={loading}>
          {t('briefings.forward.submit')}
        </button>
        <p role="status" className={done ? 'success' : 'visually-hidden'}>
          {done ? t('briefings.forward.done') : ''}
        </p>
      </form>
    </details>
  );
}

function AskToShareForm({ briefing }: { briefing: BriefingDetail }) {
  const { t, compare } = useI18n();
  const { viewer, organisationName } = useSession();
  const { options } = useOwnAudienceOptions();
  const memberOf = viewer.memberships.filter((m) => !m.suspended).map((m) => m.organisationId);
  const [organisationId, setOrganisationId] = useState(memberOf[0] ?? '');
  const [audience, setAudience] = useState<Audience>(EMPTY_AUDIENCE);
  const [tlp, setTlp] = useState<Tlp | ''>('');
  const [reason, setReason, clearReason] = useDraft(`briefing.${briefing.id}.askReason`);
  const [done, setDone] = useState(false);
  const [missing, setMissing] = useState(false);
  const [ask, { loading, error, reset }] = useMutation(AskToShareBriefingDocument, { refetchQueries: ['BriefingShareRequests'] });
  if (memberOf.length === 0) return null;
  const errors = formErrors(error, t);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (audience.organisationIds.length === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void ask({ variables: { input: { briefingId: briefing.id, organisationId, organisationIds: audience.organisationIds, tlp: tlp || null, reason } } }).then(
      () => {
        setDone(true);
        setAudience(EMPTY_AUDIENCE);
        setTlp('');
        clearReason();
        reset();
      },
      () => undefined,
    );
  };
  return (
    <details className="briefing__section card">
      <summary className="briefing__disclosure">{t('briefings.ask.title')}</summary>
      {briefing.tlp === 'RED' || briefing.tlp === 'AMBER_STRICT' ? <p>{t('briefings.forward.notAllowed')}</p> : null}
      <form onSubmit={submit}>
        {memberOf.length > 1 ? (
          <SelectField label={t('briefings.ask.organisation')} value={organisationId} onChange={(e) => setOrganisationId(e.target.value)} error={errors.field('organisationId')}>
            {[...memberOf]
              .sort((a, b) => compare(organisationName(a), organisationName(b)))
              .map((id) => (
                <option key={id} value={id}>
                  {organisationName(id)}
                </option>
              ))}
          </SelectField>
        ) : null}
        <AudiencePicker
          legend={t('briefings.ask.organisations')}
          kinds={['organisations']}
          options={options}
          value={audience}
          onChange={setAudience}
          errors={{ organisations: errors.field('organisationIds') }}
        />
        <SelectField label={t('briefings.ask.tlp')} value={tlp} onChange={(e) => setTlp(e.target.value as Tlp | '')} error={errors.field('tlp')} optional>
          <option value="">{t('briefings.ask.tlp.same')}</option>
          {looserThan(briefing.tlp).map((level) => (
            <option key={level} value={level}>
              {tlpLabel(level)}
            </option>
          ))}
        </SelectField>
        <TextArea
          label={t('briefings.ask.reason')}
          hint={t('briefings.ask.reason.hint')}
          value={reason}
          maxLength={2000}
          required
          onChange={(e) => setReason(e.target.value)}
          error={errors.field('reason')}
        />
        <Alert messages={[...(missing ? [t('briefings.ask.pickOne')] : []), ...errors.general(['organisationId', 'organisationIds', 'tlp', 'reason'])]} />
        <button type="submit" className="primary" disabled={loading}>
          {t('briefings.ask.submit')}
        </button>
        <p role="status" className={done ? 'success' : 'visually-hidden'}>
          {done ? t('briefings.ask.done') : ''}
        </p>
      </form>
    </details>
  );
}

/** The requests the reader may see; the source approves or declines them. */
function ShareRequests({ briefing }: { briefing: BriefingDetail }) {
  const { t, formatDateTime } = useI18n();
  const { organisationName } = useSession();
  const { options } = useOwnAudienceOptions();
  const { data } = useQuery(ShareRequestsDocument, { variables: { id: briefing.id } });
  const [decide, deciding] = useMutation(DecideShareRequestDocument, { refetchQueries: ['BriefingShareRequests', 'Briefing', 'BriefingReceipts'] });
  const requests = data?.shareRequests ?? [];
  if (requests.length === 0) return null;
  const name = (id: string) => options?.organisations.find((o) => o.id === id)?.name ?? organisationName(id);
  return (
    <section className="briefing__section" aria-labelledby="briefing-requests">
      <h2 id="briefing-requests">{t('briefings.requests.title')}</h2>
      <Alert messages={formErrors(deciding.error, t).general()} />
      <ul className="list">
        {requests.map((r) => (
          <li key={r.id} className="card">
            <p>{t('briefings.requests.from', { organisation: name(r.requestingOrganisationId), organisations: r.organisationIds.map(name).join(', ') })}</p>
            {r.tlp ? <p>{t('briefings.requests.tlp', { tlp: tlpLabel(r.tlp) })}</p> : null}
            <p className="prose">{r.reason}</p>
            <p className="meta">
              <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
              <span className="badge">{t(`briefings.requests.status.${r.status}`)}</span>
            </p>
            {briefing.source && r.status === 'PENDING' ? (
              <div className="briefing__actions">
                <button type="button" className="primary" disabled={deciding.loading} onClick={() => void decide({ variables: { requestId: r.id, approve: true } }).catch(() => undefined)}>
                  {t('briefings.requests.approve')}
                </button>
                <button type="button" className="danger" disabled={deciding.loading} onClick={() => void decide({ variables: { requestId: r.id, approve: false } }).catch(() => undefined)}>
                  {t('briefings.requests.decline')}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
