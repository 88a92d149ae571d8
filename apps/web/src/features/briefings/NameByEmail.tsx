import { useLazyQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { formErrors, hasCode } from '../../app/errors';
import { useI18n } from '../../i18n/i18n';
import { TextField } from '../../ui/Field';
import type { AudienceOptions } from './AudiencePicker';
import { RecipientByEmailDocument } from './operations';

export type NamedPerson = AudienceOptions['people'][number];

/**
 * Names someone of another organisation by e-mail address. Other organisations' members are never
 * listed (who belongs where is itself sensitive), so a writer names the people they know.
 */
export function NameByEmail({ organisationId, publishAsOrganisationId, onFound }: { organisationId: string; publishAsOrganisationId: string; onFound(person: NamedPerson): void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [found, setFound] = useState<string | null>(null);
  const [lookUp, { loading, error }] = useLazyQuery(RecipientByEmailDocument, { fetchPolicy: 'network-only' });
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setFound(null);
    const result = await lookUp({ variables: { organisationId, publishAsOrganisationId: publishAsOrganisationId || null, email: email.trim() } }).catch(() => null);
    const person = result?.data?.briefingRecipientByEmail;
    if (person) {
      onFound(person);
      setFound(t('briefings.picker.byEmail.added', { name: person.displayName, organisation: person.organisation.name }));
      setEmail('');
    }
  };
  const fieldError = hasCode(error, 'NOT_FOUND') ? t('briefings.picker.byEmail.notFound') : formErrors(error, t).field('email') ?? (error ? formErrors(error, t).general()[0] : undefined);
  return (
    <div className="picker__by-email">
      <TextField
        label={t('briefings.picker.byEmail')}
        hint={t('briefings.picker.byEmail.hint')}
        type="email"
        autoComplete="off"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void submit();
          }
        }}
        error={fieldError}
        optional
      />
      <button type="button" onClick={() => void submit()} disabled={loading || !email.trim()}>
        {t('briefings.picker.byEmail.add')}
      </button>
      <p role="status" className="muted">
        {found ?? ''}
      </p>
    </div>
  );
}
