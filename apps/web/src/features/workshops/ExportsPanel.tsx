import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { formErrors } from '../../app/errors';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { fileName, saveFile } from './download';
import { CreateDownloadDocument } from './operations';

/**
 * The participant list as CSV: the API asks for the password again and gives a link that works once,
 * for this session, for a few minutes. The file is fetched at once and handed to the browser's download.
 */
export function ExportsPanel({ workshopId, title }: { workshopId: string; title: string }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [create, { error }] = useMutation(CreateDownloadDocument);
  const errors = formErrors(error, t);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setDone(false);
    setBusy(true);
    try {
      const result = await create({ variables: { input: { workshopId, kind: 'PARTICIPANTS_CSV', password } } });
      const link = result.data?.createWorkshopDownload.url;
      if (!link) return;
      const response = await fetch(link, { credentials: 'same-origin' });
      if (!response.ok) {
        setFailure(t('workshops.exports.failed'));
        return;
      }
      saveFile(await response.blob(), fileName(title, 'csv'));
      setPassword('');
      setDone(true);
    } catch (caught) {
      if (caught instanceof TypeError) setFailure(t('error.network'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="ws-exports-title">
      <h2 id="ws-exports-title">{t('workshops.exports.title')}</h2>
      <p className="muted">{t('workshops.exports.hint')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="ws-form">
        <Alert messages={[...errors.general(['password']), ...(failure ? [failure] : [])]} />
        <TextField label={t('workshops.exports.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.field('password')} required />
        <button type="submit" disabled={busy || !password}>
          {t('workshops.exports.csv')}
        </button>
        {done ? (
          <p className="success" role="status">
            {t('workshops.exports.done')}
          </p>
        ) : null}
      </form>
    </section>
  );
}
