import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import { formErrors } from '../../app/errors';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { LanguageSwitch } from '../../ui/LanguageSwitch';

const AcceptInvitationDocument = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      viewer {
        id
      }
    }
  }
`);

/**
 * The link an admin shares is `/invitation#<token>`: the token sits in the fragment, which the
 * browser never sends to a server or in a Referer, and it is removed from the address bar at once.
 */
function takeToken(): string {
  const token = decodeURIComponent(window.location.hash.replace(/^#/, ''));
  if (token) history.replaceState(null, '', window.location.pathname);
  return token;
}

export function AcceptInvitationPage() {
  const { t, language } = useI18n();
  const [token, setToken] = useState(takeToken);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [accept, { loading, error }] = useMutation(AcceptInvitationDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMismatch(password !== confirm);
    if (password !== confirm) return;
    try {
      await accept({ variables: { input: { token: token.trim(), password, displayName: displayName.trim() || undefined, locale: language } } });
      window.location.assign('/');
    } catch {
      // Shown next to the fields below.
    }
  }

  const errors = formErrors(error, t);
  return (
    <main className="auth" id="main">
      <div className="auth__card">
        <div className="auth__top">
          <p className="auth__brand">{t('app.name')}</p>
          <LanguageSwitch />
        </div>
        <h1>{t('auth.invitation.title')}</h1>
        <p>{t('auth.invitation.intro')}</p>
        <form onSubmit={submit} noValidate>
          <Alert messages={errors.general(['token', 'displayName', 'password'])} />
          <TextField label={t('auth.invitation.token')} hint={t('auth.invitation.tokenHint')} name="token" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} error={errors.field('token')} required />
          <TextField label={t('auth.invitation.displayName')} hint={t('auth.invitation.displayNameHint')} name="displayName" autoComplete="nickname" value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={errors.field('displayName')} optional />
          <TextField label={t('auth.password.new')} hint={t('auth.password.rules')} type="password" name="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.field('password')} required />
          <TextField label={t('auth.password.confirm')} type="password" name="confirm" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch ? t('auth.password.mismatch') : undefined} required />
          <button type="submit" className="primary" disabled={loading}>
            {loading ? t('app.loading') : t('auth.invitation.submit')}
          </button>
        </form>
        <p className="muted small">
          <a href="/sign-in">{t('auth.invitation.haveAccount')}</a>
        </p>
      </div>
    </main>
  );
}
