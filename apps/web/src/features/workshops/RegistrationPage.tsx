import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formErrors } from '../../app/errors';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { SelectField } from '../../ui/Field';
import { Page, QueryState } from '../../ui/Page';
import { OrganisationMembersDocument, RegisterDocument, WorkshopDocument } from './operations';
import { emptyProtected, hasAnyProtected, protectedInput, ProtectedFields } from './ProtectedFields';

/** Registering oneself, or (for an organisation's admin) a member as the organisation's delegate. */
export function RegistrationPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { organisations, adminOf, viewer } = useSession();
  const workshop = useQuery(WorkshopDocument, { variables: { id } });
  const [who, setWho] = useState<'self' | 'delegate'>('self');
  const [organisationId, setOrganisationId] = useState(organisations.length === 1 ? organisations[0]!.id : '');
  const [delegateUserId, setDelegateUserId] = useState('');
  const [shareIdentity, setShareIdentity] = useState(false);
  const [details, setDetails] = useState(emptyProtected());
  const [register, { loading, error }] = useMutation(RegisterDocument);
  const errors = formErrors(error, t);
  const w = workshop.data?.workshop;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const delegate = who === 'delegate';
    try {
      await register({
        variables: {
          input: {
            workshopId: id,
            organisationId: organisationId || null,
            shareIdentity: delegate ? false : shareIdentity,
            ...(delegate ? { delegateUserId } : hasAnyProtected(details) ? { protectedData: protectedInput(details) } : {}),
          },
        },
        refetchQueries: [{ query: WorkshopDocument, variables: { id } }],
        awaitRefetchQueries: true,
      });
      void navigate(`/workshops/${id}`, { state: { registered: delegate ? 'delegate' : 'self' } });
    } catch {
      // Shown beside the fields below; nothing typed is cleared.
    }
  }

  if (!w) {
    return (
      <Page title={t('workshops.register.title')}>
        <QueryState loading={workshop.loading} error={workshop.error} onRetry={() => void workshop.refetch()} />
      </Page>
    );
  }
  const delegating = who === 'delegate';
  const full = w.confirmedCount >= w.capacity;
  return (
    <Page title={t('workshops.register.titleFor', { title: w.title })}>
      <p>
        <Link to={`/workshops/${id}`}>{t('workshops.backToWorkshop')}</Link>
      </p>
      {w.admission === 'BY_APPLICATION' ? (
        <p className="notice">{t('workshops.register.byApplication')}</p>
      ) : full ? (
        <p className="notice">{t('workshops.register.fullNotice')}</p>
      ) : (
        <p className="muted">{t('workshops.seats.free', { free: w.capacity - w.confirmedCount, capacity: w.capacity })}</p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="ws-form">
        <Alert messages={errors.general(['organisationId', 'delegateUserId', 'protectedData', 'shareIdentity'])} />
        {adminOf.length > 0 ? (
          <fieldset>
            <legend>{t('workshops.register.who')}</legend>
            <label className="check">
              <input type="radio" name="who" value="self" checked={!delegating} onChange={() => setWho('self')} />
              {t('workshops.register.self', { name: viewer.displayName })}
            </label>
            <label className="check">
              <input
                type="radio"
                name="who"
                value="delegate"
                checked={delegating}
                onChange={() => {
                  setWho('delegate');
                  if (!adminOf.some((o) => o.id === organisationId)) setOrganisationId(adminOf[0]!.id);
                }}
              />
              {t('workshops.register.delegate')}
            </label>
          </fieldset>
        ) : null}
        <SelectField
          label={t('workshops.register.organisation')}
          hint={t('workshops.register.organisation.hint')}
          optional={!delegating}
          value={organisationId}
          error={errors.field('organisationId')}
          onChange={(e) => setOrganisationId(e.target.value)}
        >
          {!delegating ? <option value="">{t('workshops.register.noOrganisation')}</option> : null}
          {(delegating ? adminOf : organisations).map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
        {delegating ? (
          <DelegatePicker organisationId={organisationId} value={delegateUserId} onChange={setDelegateUserId} error={errors.field('delegateUserId')} />
        ) : (
          <>
            <div className="field">
              <label className="check">
                <input type="checkbox" checked={shareIdentity} onChange={(e) => setShareIdentity(e.target.checked)} aria-describedby="ws-share-hint" />
                {t('workshops.register.shareIdentity')}
              </label>
              <p className="field__hint" id="ws-share-hint">
                {t('workshops.register.shareIdentity.hint')}
              </p>
            </div>
            <ProtectedFields values={details} onChange={setDetails} errorFor={(f) => errors.field(f)} />
          </>
        )}
        {delegating ? <p className="muted">{t('workshops.register.delegateDetails')}</p> : null}
        <button type="submit" className="primary" disabled={loading}>
          {loading ? t('workshops.register.sending') : t('workshops.register.submit')}
        </button>
      </form>
    </Page>
  );
}

function DelegatePicker({ organisationId, value, onChange, error }: { organisationId: string; value: string; onChange: (id: string) => void; error?: string }) {
  const { t, compare } = useI18n();
  const { viewer } = useSession();
  const members = useQuery(OrganisationMembersDocument, { variables: { organisationId }, skip: !organisationId });
  const people = (members.data?.members.edges ?? [])
    .map((e) => e.node)
    .filter((m) => !m.suspended && m.userId !== viewer.id)
    .sort((a, b) => compare(a.person.displayName, b.person.displayName));
  return (
    <>
      <SelectField label={t('workshops.register.delegatePerson')} value={value} error={error} onChange={(e) => onChange(e.target.value)} required>
        <option value="">{t('workshops.register.choosePerson')}</option>
        {people.map((m) => (
          <option key={m.id} value={m.userId}>
            {m.person.displayName}
          </option>
        ))}
      </SelectField>
      <QueryState loading={members.loading} error={members.error} />
    </>
  );
}
