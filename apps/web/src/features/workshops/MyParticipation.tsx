import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { formErrors } from '../../app/errors';
import type { WorkshopQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert, ErrorMessage } from '../../ui/ErrorMessage';
import { CancelParticipationDocument, RespondToInvitationDocument, UpdateParticipationDocument, WorkshopDocument } from './operations';
import { emptyProtected, protectedInput, ProtectedFields } from './ProtectedFields';
import { ParticipantStateBadge } from './StateBadge';

type Workshop = WorkshopQuery['workshop'];
type Participation = NonNullable<Workshop['myParticipation']>;

const ACTIVE = new Set(['INVITED', 'REGISTERED', 'CONFIRMED', 'WAITLISTED']);

/** The reader's own place: state in words, waiting-list position, cancel, and their protected details. */
export function MyParticipation({ workshop }: { workshop: Workshop }) {
  const { t } = useI18n();
  const mine = workshop.myParticipation;
  const canRegister = workshop.status === 'OPEN' && (!mine || !ACTIVE.has(mine.state)) && mine?.state !== 'ATTENDED';
  return (
    <section className="card ws-mine" aria-labelledby="ws-mine-title">
      <h2 id="ws-mine-title">{t('workshops.mine.title')}</h2>
      <div role="status" aria-live="polite">
        {mine ? <StateSentence workshop={workshop} mine={mine} /> : <p>{t('workshops.mine.none')}</p>}
      </div>
      {canRegister && !mine ? (
        <Link className="button primary" to={`/workshops/${workshop.id}/register`}>
          {t('workshops.mine.register')}
        </Link>
      ) : null}
      {!mine && workshop.status !== 'OPEN' ? <p className="muted">{t('workshops.mine.notOpen')}</p> : null}
      {mine?.state === 'INVITED' ? <InvitationAnswer workshopId={workshop.id} participantId={mine.id} /> : null}
      {mine && ACTIVE.has(mine.state) && mine.state !== 'INVITED' ? <CancelButton workshopId={workshop.id} participantId={mine.id} /> : null}
      {mine && mine.protectedData ? <MyDetails workshopId={workshop.id} mine={mine} /> : null}
    </section>
  );
}

function StateSentence({ workshop, mine }: { workshop: Workshop; mine: Participation }) {
  const { t } = useI18n();
  return (
    <>
      <p className="ws-mine__state">
        <ParticipantStateBadge state={mine.state} waitlistPosition={mine.waitlistPosition} />
      </p>
      <p>
        {mine.state === 'WAITLISTED' && mine.waitlistPosition
          ? t('workshops.mine.waitlisted', { place: mine.waitlistPosition, capacity: workshop.capacity })
          : t(`workshops.mine.sentence.${mine.state}`)}
      </p>
    </>
  );
}

function InvitationAnswer({ workshopId, participantId }: { workshopId: string; participantId: string }) {
  const { t } = useI18n();
  const [respond, { loading, error }] = useMutation(RespondToInvitationDocument, {
    refetchQueries: [{ query: WorkshopDocument, variables: { id: workshopId } }],
  });
  const answer = (accept: boolean) => respond({ variables: { participantId, accept } }).catch(() => undefined);
  return (
    <div className="ws-actions">
      <ErrorMessage error={error} />
      <button type="button" className="primary" disabled={loading} onClick={() => void answer(true)}>
        {t('workshops.mine.accept')}
      </button>
      <button type="button" disabled={loading} onClick={() => void answer(false)}>
        {t('workshops.mine.decline')}
      </button>
    </div>
  );
}

/** Two steps, so a slip of the thumb does not give away a seat. */
function CancelButton({ workshopId, participantId }: { workshopId: string; participantId: string }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [cancel, { loading, error }] = useMutation(CancelParticipationDocument, {
    refetchQueries: [{ query: WorkshopDocument, variables: { id: workshopId } }],
  });
  if (!asking) {
    return (
      <p>
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          {t('workshops.mine.cancel')}
        </button>
      </p>
    );
  }
  return (
    <div className="notice" role="group" aria-label={t('workshops.mine.cancel')}>
      <p>{t('workshops.mine.cancelConfirm')}</p>
      <ErrorMessage error={error} />
      <div className="ws-actions">
        <button
          type="button"
          className="danger"
          disabled={loading}
          onClick={() =>
            void cancel({ variables: { participantId } })
              .then(() => setAsking(false))
              .catch(() => undefined)
          }
        >
          {t('workshops.mine.cancelYes')}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('workshops.mine.cancelNo')}
        </button>
      </div>
    </div>
  );
}

function MyDetails({ workshopId, mine }: { workshopId: string; mine: Participation }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState(() => emptyProtected(mine.protectedData));
  const [share, setShare] = useState(!!mine.shareIdentity);
  const [saved, setSaved] = useState(false);
  const [update, { loading, error }] = useMutation(UpdateParticipationDocument, {
    refetchQueries: [{ query: WorkshopDocument, variables: { id: workshopId } }],
  });
  const errors = formErrors(error, t);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    try {
      await update({ variables: { input: { participantId: mine.id, shareIdentity: share, protectedData: protectedInput(values) } } });
      setSaved(true);
      setEditing(false);
    } catch {
      // Shown beside the fields; the form keeps what was typed.
    }
  }
  return (
    <div className="ws-mydetails">
      <h3>{t('workshops.mine.details')}</h3>
      {saved ? (
        <p className="success" role="status">
          {t('workshops.mine.saved')}
        </p>
      ) : null}
      {!editing ? (
        <>
          <p className="muted">{t(mine.shareIdentity ? 'workshops.mine.shared' : 'workshops.mine.notShared')}</p>
          <button
            type="button"
            onClick={() => {
              setValues(emptyProtected(mine.protectedData));
              setShare(!!mine.shareIdentity);
              setEditing(true);
            }}
          >
            {t('workshops.mine.editDetails')}
          </button>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Alert messages={errors.general(['protectedData', 'shareIdentity'])} />
          <div className="field">
            <label className="check">
              <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} />
              {t('workshops.register.shareIdentity')}
            </label>
          </div>
          <ProtectedFields values={values} onChange={setValues} errorFor={(f) => errors.field(f)} />
          <div className="ws-actions">
            <button type="submit" className="primary" disabled={loading}>
              {t('workshops.save')}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('workshops.cancelEdit')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
