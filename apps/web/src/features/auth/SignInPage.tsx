import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import { failuresOf, formErrors } from '../../app/errors';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { LanguageSwitch } from '../../ui/LanguageSwitch';

const SignInDocument = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      viewer {
        id
        locale
      }
    }
  }
`);

/** Email and passphrase, then — when the account has it — the authenticator code or a recovery code. */
export function SignInPage() {
  const { t, setLanguage } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [secondFactor, setSecondFactor] = useState<null | 'totp' | 'recovery'>(null);
  const [code, setCode] = useState('');
  const [signIn, { loading, error }] = useMutation(SignInDocument);

  const needsCode = failuresOf(error).some((f) => f.extensions['reason'] === 'TOTP_REQUIRED');
  const stage = secondFactor ?? (needsCode ? 'totp' : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      email: email.trim(),
      password,
      ...(stage === 'totp' && code ? { totpCode: code.replace(/\s/g, '') } : {}),
      ...(stage === 'recovery' && code ? { recoveryCode: code.trim() } : {}),
    };
    try {
      const result = await signIn({ variables: { input } });
      const locale = result.data?.signIn.viewer.locale;
      if (locale === 'en' || locale === 'tr') setLanguage(locale);
      const next = new URLSearchParams(window.location.search).get('next');
      window.location.assign(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (caught) {
      if (!stage && failuresOf(caught).some((f) => f.extensions['reason'] === 'TOTP_REQUIRED')) setSecondFactor('totp');
    }
  }

  const errors = formErrors(error, t);
  // A refused sign-in says which part was not right; "you are signed out" would be true but no help here.
  const refused = (field: string) =>
    errors.failures.some((f) => f.code === 'UNAUTHENTICATED' && f.field === field && f.extensions['reason'] !== 'TOTP_REQUIRED');
  const fieldError = (field: 'email' | 'password' | 'totpCode' | 'recoveryCode') => {
    if (field === 'password' && refused('password')) return t('auth.wrongCredentials');
    if (field === 'totpCode' && refused('totpCode')) return t('auth.codeWrong');
    if (field === 'recoveryCode' && refused('recoveryCode')) return t('auth.recoveryWrong');
    return field === 'totpCode' && needsCode ? undefined : errors.field(field);
  };
  const generalErrors = errors.general(['email', 'password', 'totpCode', 'recoveryCode']);
  return (
    <main className="auth" id="main">
      <div className="auth__card">
        <div className="auth__top">
          <p className="auth__brand">{t('app.name')}</p>
          <LanguageSwitch />
        </div>
        <h1>{t('auth.signIn.title')}</h1>
        <form onSubmit={submit} noValidate>
          <Alert messages={generalErrors} />
          <TextField label={t('auth.email')} type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError('email')} required disabled={!!stage} />
          <TextField label={t('auth.password')} type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError('password')} required disabled={!!stage} />
          {stage === 'totp' ? (
            <TextField
              label={t('auth.totp')}
              hint={t('auth.totp.hint')}
              name="totpCode"
              inputMode="numeric"
              autoComplete="one-time-code"
              autoFocus
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={fieldError('totpCode')}
              required
            />
          ) : null}
          {stage === 'recovery' ? (
            <TextField label={t('auth.recovery')} hint={t('auth.recovery.hint')} name="recoveryCode" autoComplete="off" autoFocus value={code} onChange={(e) => setCode(e.target.value)} error={fieldError('recoveryCode')} required />
          ) : null}
          <button type="submit" className="primary" disabled={loading}>
            {loading ? t('app.loading') : t('auth.signIn.submit')}
          </button>
          {stage ? (
            <button type="button" className="link" onClick={() => { setCode(''); setSecondFactor(stage === 'totp' ? 'recovery' : 'totp'); }}>
              {stage === 'totp' ? t('auth.useRecovery') : t('auth.useTotp')}
            </button>
          ) : null}
        </form>
        <p className="muted small">{t('auth.privacyNote')}</p>
      </div>
    </main>
  );
}
