import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import { formErrors } from '../../app/errors';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { RecoveryCodes } from './RecoveryCodes';

const BeginTotpDocument = graphql(`
  mutation AccountBeginTotp($password: String!) {
    beginTotpEnrollment(password: $password) {
      secret
      otpauthUri
    }
  }
`);

const ConfirmTotpDocument = graphql(`
  mutation AccountConfirmTotp($code: String!) {
    confirmTotpEnrollment(code: $code) {
      codes
    }
  }
`);

const DisableTotpDocument = graphql(`
  mutation AccountDisableTotp($password: String!, $code: String!) {
    disableTotp(password: $password, code: $code)
  }
`);

const RegenerateCodesDocument = graphql(`
  mutation AccountRegenerateCodes($password: String!) {
    regenerateRecoveryCodes(password: $password) {
      codes
    }
  }
`);

/** The key in groups of four, easier to type into an authenticator app by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

function PasswordField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useI18n();
  return (
    <TextField
      label={t('account.twoFactor.password')}
      hint={t('account.twoFactor.passwordHint')}
      type="password"
      autoComplete="current-password"
      required
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    />
  );
}

function CodeField({ value, onChange, error, hint }: { value: string; onChange: (v: string) => void; error?: string; hint?: string }) {
  const { t } = useI18n();
  return (
    <TextField
      label={t('account.twoFactor.code')}
      hint={hint ?? t('account.twoFactor.codeHint')}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      required
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
      error={error}
      className="account-code-input"
    />
  );
}

/** Setting up: the password again, then the key for the app, then a code from the app. */
function Enrol({ onCodes, onCancel }: { onCodes: (codes: string[]) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { viewer } = useSession();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [key, setKey] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [begin, started] = useMutation(BeginTotpDocument);
  const [confirm, confirmed] = useMutation(ConfirmTotpDocument);
  const beginErrors = formErrors(started.error, t);
  const confirmErrors = formErrors(confirmed.error, t);

  const submitPassword = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { data } = await begin({ variables: { password } });
      if (data) {
        setKey(data.beginTotpEnrollment);
        setPassword('');
      }
    } catch {
      // Shown beside the field.
    }
  };
  const submitCode = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { data } = await confirm({ variables: { code } });
      if (data) onCodes(data.confirmTotpEnrollment.codes);
    } catch {
      // Shown beside the field.
    }
  };

  if (!key) {
    return (
      <form onSubmit={submitPassword} className="account-form" noValidate>
        <h3>{t('account.twoFactor.step1')}</h3>
        <Alert messages={beginErrors.general(['password'])} />
        <PasswordField value={password} onChange={setPassword} error={beginErrors.field('password')} />
        <div className="account-actions">
          <button type="submit" className="primary" disabled={started.loading}>
            {t('account.twoFactor.continue')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('app.cancel')}
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="account-form">
      <h3>{t('account.twoFactor.step2')}</h3>
      <ol className="account-steps">
        <li>{t('account.twoFactor.installApp')}</li>
        <li>
          <p>{t('account.twoFactor.addKey')}</p>
          <dl className="account-key">
            <dt>{t('account.twoFactor.keyAccount')}</dt>
            <dd>{viewer.email}</dd>
            <dt>{t('account.twoFactor.key')}</dt>
            <dd>
              <code className="account-key__secret">{grouped(key.secret)}</code>
            </dd>
            <dt>{t('account.twoFactor.keyType')}</dt>
            <dd>{t('account.twoFactor.keyTypeValue')}</dd>
          </dl>
          <p>
            {t('account.twoFactor.onThisPhone')} <a href={key.otpauthUri}>{t('account.twoFactor.openInApp')}</a>
          </p>
          <p className="muted small">{t('account.twoFactor.keySecret')}</p>
        </li>
        <li>
          <form onSubmit={submitCode} noValidate>
            <Alert messages={confirmErrors.general(['code'])} />
            <CodeField value={code} onChange={setCode} error={confirmErrors.field('code')} />
            <p className="muted small">{t('account.twoFactor.othersEnd')}</p>
            <div className="account-actions">
              <button type="submit" className="primary" disabled={confirmed.loading || code.length !== 6}>
                {t('account.twoFactor.turnOn')}
              </button>
              <button type="button" onClick={onCancel}>
                {t('app.cancel')}
              </button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}

/** Turning it off: the password and a current code. */
function Disable({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { viewer, organisations } = useSession();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [disable, { loading, error }] = useMutation(DisableTotpDocument);
  const errors = formErrors(error, t);
  const requiring = organisations.filter((o) => o.requiresTwoFactor && viewer.memberships.some((m) => m.organisationId === o.id));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await disable({ variables: { password, code } });
      onDone();
    } catch {
      // Shown beside the fields.
    }
  };
  return (
    <form onSubmit={submit} className="account-form" noValidate>
      <h3>{t('account.twoFactor.disableTitle')}</h3>
      <div className="notice">
        <p>{t('account.twoFactor.disableWarning')}</p>
        {requiring.length > 0 ? <p>{t('account.twoFactor.disableLocksOut', { organisations: requiring.map((o) => o.name).join(', ') })}</p> : null}
      </div>
      <Alert messages={errors.general(['password', 'code'])} />
      <PasswordField value={password} onChange={setPassword} error={errors.field('password')} />
      <CodeField value={code} onChange={setCode} error={errors.field('code')} />
      <div className="account-actions">
        <button type="submit" className="danger" disabled={loading}>
          {t('account.twoFactor.turnOff')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

/** New recovery codes (the old ones stop working): the password again. */
function Regenerate({ onCodes, onCancel }: { onCodes: (codes: string[]) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [regenerate, { loading, error }] = useMutation(RegenerateCodesDocument);
  const errors = formErrors(error, t);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { data } = await regenerate({ variables: { password } });
      if (data) onCodes(data.regenerateRecoveryCodes.codes);
    } catch {
      // Shown beside the field.
    }
  };
  return (
    <form onSubmit={submit} className="account-form" noValidate>
      <h3>{t('account.twoFactor.regenerateTitle')}</h3>
      <p>{t('account.twoFactor.regenerateExplain')}</p>
      <Alert messages={errors.general(['password'])} />
      <PasswordField value={password} onChange={setPassword} error={errors.field('password')} />
      <div className="account-actions">
        <button type="submit" className="primary" disabled={loading}>
          {t('account.twoFactor.regenerate')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

type Mode = 'idle' | 'enrol' | 'disable' | 'regenerate';

/** Two-factor authentication: set it up, keep recovery codes, or turn it off. */
export function TwoFactorSection() {
  const { t } = useI18n();
  const { viewer, refresh } = useSession();
  const [mode, setMode] = useState<Mode>('idle');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [status, setStatus] = useState('');
  const enabled = viewer.twoFactorEnabled;
  const blocked = viewer.organisationsRequiringTwoFactor;

  const showCodes = (next: string[]) => {
    setCodes(next);
    setMode('idle');
    void refresh();
  };

  let body;
  if (codes) {
    body = (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          setStatus(t('account.twoFactor.codesKept'));
        }}
      />
    );
  } else if (mode === 'enrol') {
    body = <Enrol onCodes={showCodes} onCancel={() => setMode('idle')} />;
  } else if (mode === 'disable') {
    body = (
      <Disable
        onCancel={() => setMode('idle')}
        onDone={() => {
          setMode('idle');
          setStatus(t('account.twoFactor.turnedOff'));
          void refresh();
        }}
      />
    );
  } else if (mode === 'regenerate') {
    body = <Regenerate onCodes={showCodes} onCancel={() => setMode('idle')} />;
  } else if (enabled) {
    body = (
      <div className="account-actions">
        <button type="button" onClick={() => (setStatus(''), setMode('regenerate'))}>
          {t('account.twoFactor.regenerateTitle')}
        </button>
        <button type="button" className="danger" onClick={() => (setStatus(''), setMode('disable'))}>
          {t('account.twoFactor.turnOff')}
        </button>
      </div>
    );
  } else {
    body = (
      <button type="button" className="primary" onClick={() => (setStatus(''), setMode('enrol'))}>
        {t('account.twoFactor.setUp')}
      </button>
    );
  }

  return (
    <section aria-labelledby="two-factor" className="account-section">
      <h2 id="two-factor" tabIndex={-1}>
        {t('account.twoFactor.title')}
      </h2>
      <p>
        <strong>{enabled ? t('account.twoFactor.on') : t('account.twoFactor.off')}</strong>
      </p>
      {!enabled ? <p>{t('account.twoFactor.why')}</p> : null}
      {!enabled && blocked.length > 0 ? (
        <div className="notice">
          <p>{t('account.twoFactor.requiredBy', { count: blocked.length })}</p>
        </div>
      ) : null}
      <p role="status">{status}</p>
      {body}
    </section>
  );
}
