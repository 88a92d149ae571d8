import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { StatementQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextArea } from '../../ui/Field';
import { signOnKey } from './labels';
import { AddNameDocument, DeclineDocument, RemoveNameDocument, ReviewDocument, SignDocument, StatementDocument, WithdrawSignatureDocument } from './operations';

type Statement = StatementQuery['statement'];
type Participant = Statement['participants'][number];

/** Each of my organisations' own sign-on: review, sign the exact revision, reconfirm, decline, withdraw. */
export function SignOnPanel({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const mine = statement.participants.filter((p) => statement.viewer.organisationIds.includes(p.organisationId));
  if (mine.length === 0) return null;
  return (
    <section aria-labelledby="statement-signon" className="signon-panel">
      <h2 id="statement-signon">{t('statements.signOn.title')}</h2>
      {statement.status === 'DRAFTING' ? <p className="muted">{t('statements.signOn.notOpenYet')}</p> : null}
      {statement.deadline && statement.status === 'OPEN_FOR_SIGNATURE' ? <DeadlineLine deadline={statement.deadline} /> : null}
      {mine.map((p) => (
        <OrganisationSignOn key={p.organisationId} statement={statement} participant={p} />
      ))}
    </section>
  );
}

function DeadlineLine({ deadline }: { deadline: string }) {
  const { t, formatDateTime } = useI18n();
  return <p>{t('statements.signOn.deadline', { date: formatDateTime(deadline, 'long') })}</p>;
}

function OrganisationSignOn({ statement, participant }: { statement: Statement; participant: Participant }) {
  const { t, formatDateTime } = useI18n();
  const refetch = { refetchQueries: [StatementDocument], awaitRefetchQueries: true };
  const [review, reviewState] = useMutation(ReviewDocument, refetch);
  const [sign, signState] = useMutation(SignDocument, refetch);
  const [decline, declineState] = useMutation(DeclineDocument, refetch);
  const [withdraw, withdrawState] = useMutation(WithdrawSignatureDocument, refetch);
  const [addName, addNameState] = useMutation(AddNameDocument, refetch);
  const [removeName, removeNameState] = useMutation(RemoveNameDocument, refetch);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const [done, setDone] = useState('');
  const states = [reviewState, signState, declineState, withdrawState, addNameState, removeNameState];
  const busy = states.some((s) => s.loading);
  const error = states.find((s) => s.error)?.error;

  const revision = statement.currentRevision;
  const status = participant.signOnStatus;
  const open = statement.status === 'OPEN_FOR_SIGNATURE';
  const ids = { statementId: statement.id, organisationId: participant.organisationId };
  const org = participant.organisationName;
  const headingId = `signon-${participant.organisationId}`;
  const signedCurrent = status === 'APPROVED' && participant.signedRevisionNumber === revision.number;

  const run = async (action: () => Promise<unknown>, message: string) => {
    setDone('');
    for (const s of states) s.reset();
    try {
      await action();
      setDone(message);
      setDeclining(false);
      setConfirmWithdraw(false);
    } catch {
      // Shown in this organisation's box.
    }
  };

  return (
    <div className="card signon-card" role="group" aria-labelledby={headingId}>
      <h3 id={headingId}>{org}</h3>
      <p>
        {t('statements.signOn.statusLabel')} <strong className={`signon signon--${status}`}>{t(signOnKey(status))}</strong>
      </p>
      <p className="muted">{explanation(status, participant, revision.number, t, formatDateTime)}</p>
      {status === 'NEEDS_RECONFIRMATION' && participant.signedRevisionNumber ? (
        <p>
          <Link to={`/statements/${statement.id}/history?from=${participant.signedRevisionNumber}`}>
            {t('statements.signOn.seeChanges', { from: participant.signedRevisionNumber, to: revision.number })}
          </Link>
        </p>
      ) : null}
      <ErrorMessage error={error} />
      <p role="status" className={done ? 'success' : 'visually-hidden'}>
        {done}
      </p>
      {open ? (
        <div className="signon-actions">
          {status === 'INVITED' ? (
            <button type="button" disabled={busy} onClick={() => void run(() => review({ variables: ids }), t('statements.signOn.doneReview', { organisation: org }))}>
              {t('statements.signOn.review')}
            </button>
          ) : null}
          {status !== 'APPROVED' ? (
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() =>
                void run(
                  () => sign({ variables: { input: { ...ids, revisionId: revision.id } } }),
                  t('statements.signOn.doneSign', { organisation: org, number: revision.number }),
                )
              }
            >
              {status === 'NEEDS_RECONFIRMATION'
                ? t('statements.signOn.reconfirm', { number: revision.number })
                : t('statements.signOn.sign', { number: revision.number, organisation: org })}
            </button>
          ) : null}
          {status !== 'APPROVED' && status !== 'DECLINED' && !declining ? (
            <button type="button" disabled={busy} onClick={() => setDeclining(true)}>
              {t('statements.signOn.decline')}
            </button>
          ) : null}
        </div>
      ) : null}
      {open && status !== 'APPROVED' ? <p className="small muted">{t('statements.signOn.signHint', { hash: revision.contentHash.slice(0, 12) })}</p> : null}
      {declining ? (
        <form
          className="signon-decline"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => decline({ variables: { input: { ...ids, reason: reason.trim() || null } } }), t('statements.signOn.doneDecline', { organisation: org }));
          }}
        >
          <TextArea label={t('statements.signOn.declineReason')} hint={t('statements.signOn.declineReasonHint')} optional value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
          <div className="signon-actions">
            <button type="submit" className="danger" disabled={busy}>
              {t('statements.signOn.declineConfirm', { organisation: org })}
            </button>
            <button type="button" onClick={() => setDeclining(false)}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {(status === 'APPROVED' || status === 'NEEDS_RECONFIRMATION') && (open || statement.status === 'CLOSED') ? (
        <div className="signon-actions">
          {confirmWithdraw ? (
            <>
              <button type="button" className="danger" disabled={busy} onClick={() => void run(() => withdraw({ variables: ids }), t('statements.signOn.doneWithdraw', { organisation: org }))}>
                {t('statements.signOn.withdrawConfirm', { organisation: org })}
              </button>
              <button type="button" onClick={() => setConfirmWithdraw(false)}>
                {t('app.cancel')}
              </button>
            </>
          ) : (
            <button type="button" disabled={busy} onClick={() => setConfirmWithdraw(true)}>
              {t('statements.signOn.withdraw')}
            </button>
          )}
        </div>
      ) : null}
      {statement.allowIndividualSignatories && signedCurrent && open ? (
        <div className="signon-actions">
          <button type="button" disabled={busy} onClick={() => void run(() => addName({ variables: { ...ids, revisionId: revision.id } }), t('statements.signOn.doneAddName'))}>
            {t('statements.signOn.addName', { organisation: org })}
          </button>
          <button type="button" className="link" disabled={busy} onClick={() => void run(() => removeName({ variables: ids }), t('statements.signOn.doneRemoveName'))}>
            {t('statements.signOn.removeName')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function explanation(
  status: Participant['signOnStatus'],
  participant: Participant,
  current: number,
  t: ReturnType<typeof useI18n>['t'],
  formatDateTime: ReturnType<typeof useI18n>['formatDateTime'],
): string {
  const signed = participant.signedAt ? formatDateTime(participant.signedAt) : '';
  switch (status) {
    case 'INVITED':
      return t('statements.signOn.explain.INVITED');
    case 'REVIEWING':
      return t('statements.signOn.explain.REVIEWING');
    case 'APPROVED':
      return t('statements.signOn.explain.APPROVED', { number: participant.signedRevisionNumber ?? current, date: signed });
    case 'NEEDS_RECONFIRMATION':
      return t('statements.signOn.explain.NEEDS_RECONFIRMATION', { from: participant.signedRevisionNumber ?? '?', to: current });
    case 'DECLINED':
      return t('statements.signOn.explain.DECLINED');
    case 'WITHDRAWN':
      return t('statements.signOn.explain.WITHDRAWN');
  }
}
