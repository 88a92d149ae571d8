import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { formErrors } from '../../app/errors';
import type { StatementQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert, ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { isoFromLocalInput, localInputFromIso } from './labels';
import { CloseDocument, InviteDocument, OpenDocument, SetDeadlineDocument, StatementDocument, StatementNetworksDocument, WithdrawStatementDocument } from './operations';

type Statement = StatementQuery['statement'];

/** What lead organisations do: open for signature with a deadline, invite, close, withdraw. Publishing is on the preview. */
export function LeadActions({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const editing = statement.status === 'DRAFTING' || statement.status === 'OPEN_FOR_SIGNATURE';
  return (
    <section aria-labelledby="statement-lead" className="card lead-actions">
      <h2 id="statement-lead">{t('statements.lead.title')}</h2>
      {editing ? <DeadlineForm statement={statement} /> : null}
      {editing ? <InviteNetworks statement={statement} /> : null}
      {statement.status === 'OPEN_FOR_SIGNATURE' ? <CloseButton statement={statement} /> : null}
      {statement.status === 'CLOSED' ? (
        <p>
          {t('statements.lead.publishFromPreview')} <Link to={`/statements/${statement.id}/preview`}>{t('statements.preview.link')}</Link>
        </p>
      ) : null}
      {statement.status !== 'WITHDRAWN' ? <WithdrawButton statement={statement} /> : null}
    </section>
  );
}

function DeadlineForm({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const [value, setValue] = useState(localInputFromIso(statement.deadline));
  const [open, openState] = useMutation(OpenDocument, { refetchQueries: [StatementDocument] });
  const [setDeadline, deadlineState] = useMutation(SetDeadlineDocument);
  const [done, setDone] = useState('');
  const drafting = statement.status === 'DRAFTING';
  const error = openState.error ?? deadlineState.error;
  const errors = formErrors(error, t);

  const submit = async (event: FormEvent, andOpen: boolean) => {
    event.preventDefault();
    setDone('');
    openState.reset();
    deadlineState.reset();
    const deadline = isoFromLocalInput(value);
    try {
      if (andOpen) {
        await open({ variables: { statementId: statement.id, deadline } });
        setDone(t('statements.lead.opened'));
      } else if (deadline) {
        await setDeadline({ variables: { statementId: statement.id, deadline } });
        setDone(t('statements.lead.deadlineSaved'));
      }
    } catch {
      // Shown beside the deadline.
    }
  };

  return (
    <form onSubmit={(e) => void submit(e, drafting)}>
      <TextField
        type="datetime-local"
        label={t('statements.field.deadline')}
        hint={drafting ? t('statements.lead.openHint') : t('statements.lead.deadlineHint')}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={errors.field('deadline')}
      />
      <Alert messages={errors.general(['deadline'])} />
      <p role="status" className={done ? 'success' : 'visually-hidden'}>
        {done}
      </p>
      <div className="signon-actions">
        {drafting ? (
          <button type="submit" className="primary" disabled={openState.loading}>
            {t('statements.lead.open')}
          </button>
        ) : null}
        <button type={drafting ? 'button' : 'submit'} disabled={deadlineState.loading || !value} onClick={drafting ? (e) => void submit(e, false) : undefined}>
          {t('statements.lead.saveDeadline')}
        </button>
      </div>
    </form>
  );
}

function InviteNetworks({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const networks = useQuery(StatementNetworksDocument);
  const [chosen, setChosen] = useState<string[]>([]);
  const [invite, { loading, error, reset }] = useMutation(InviteDocument);
  const [done, setDone] = useState('');
  const list = networks.data?.networks.edges.map((e) => e.node) ?? [];
  if (list.length === 0) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    reset();
    try {
      await invite({ variables: { input: { statementId: statement.id, networkIds: chosen } } });
      setChosen([]);
      setDone(t('statements.lead.invited'));
    } catch {
      // Shown below the choices.
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{t('statements.lead.invite')}</legend>
        <p className="field__hint">{t('statements.lead.inviteHint')}</p>
        {list.map((n) => (
          <label key={n.id} className="check">
            <input type="checkbox" checked={chosen.includes(n.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, n.id] : chosen.filter((id) => id !== n.id))} />
            {n.name}
          </label>
        ))}
        <ErrorMessage error={error} />
        <p role="status" className={done ? 'success' : 'visually-hidden'}>
          {done}
        </p>
        <button type="submit" disabled={loading || chosen.length === 0}>
          {t('statements.lead.inviteSubmit')}
        </button>
      </fieldset>
    </form>
  );
}

function CloseButton({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const [close, { loading, error }] = useMutation(CloseDocument, { refetchQueries: [StatementDocument] });
  const [confirming, setConfirming] = useState(false);
  return (
    <div>
      <h3>{t('statements.lead.closeTitle')}</h3>
      <p className="muted">{t('statements.lead.closeHint')}</p>
      <ErrorMessage error={error} />
      {confirming ? (
        <div className="signon-actions">
          <button type="button" className="primary" disabled={loading} onClick={() => void close({ variables: { statementId: statement.id } }).catch(() => undefined)}>
            {t('statements.lead.closeConfirm')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('app.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t('statements.lead.close')}
        </button>
      )}
    </div>
  );
}

function WithdrawButton({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const [withdraw, { loading, error }] = useMutation(WithdrawStatementDocument, { refetchQueries: [StatementDocument] });
  const [confirming, setConfirming] = useState(false);
  return (
    <div>
      <h3>{t('statements.lead.withdrawTitle')}</h3>
      <ErrorMessage error={error} />
      {confirming ? (
        <div className="signon-actions">
          <button type="button" className="danger" disabled={loading} onClick={() => void withdraw({ variables: { statementId: statement.id } }).catch(() => undefined)}>
            {t('statements.lead.withdrawConfirm')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('app.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('statements.lead.withdraw')}
        </button>
      )}
    </div>
  );
}
