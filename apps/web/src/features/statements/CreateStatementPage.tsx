import { useMutation, useQuery } from '@apollo/client/react';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useDraft } from '../../app/drafts';
import { formErrors } from '../../app/errors';
import { useSession } from '../../app/session';
import type { SignatoryOrder } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { SelectField, TextArea, TextField } from '../../ui/Field';
import { Page } from '../../ui/Page';
import { isoFromLocalInput, languageName, newClientId } from './labels';
import { CreateStatementDocument, StatementListDocument, StatementNetworksDocument } from './operations';
import './statements.css';

const TEXT_LANGUAGES = ['tr', 'en', 'de', 'fr'];
const FIELDS = ['title', 'texts', 'referenceLanguage', 'leadOrganisationId', 'deadline', 'invitedNetworkIds', 'signatoryOrder'];

/** Starting a statement: the lead organisation, the first text, and who is invited to sign. */
export function CreateStatementPage() {
  const { t, language } = useI18n();
  const { organisations } = useSession();
  const navigate = useNavigate();
  const networks = useQuery(StatementNetworksDocument);
  const [create, { loading, error }] = useMutation(CreateStatementDocument, { refetchQueries: [StatementListDocument] });
  const [lead, setLead] = useState(organisations[0]?.id ?? '');
  const [title, setTitle, clearTitle] = useDraft('statement.new.title');
  const [reference, setReference] = useState<string>(language);
  const [text, setText, clearText] = useDraft('statement.new.text');
  const [translationLanguage, setTranslationLanguage] = useState('');
  const [translation, setTranslation, clearTranslation] = useDraft('statement.new.translation');
  const [deadline, setDeadline] = useState('');
  const [networkIds, setNetworkIds] = useState<string[]>([]);
  const [individuals, setIndividuals] = useState(false);
  const [order, setOrder] = useState<SignatoryOrder>('ALPHABETICAL');
  const clientId = useRef(newClientId());
  const errors = formErrors(error, t);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const texts = [{ language: reference, body: text }];
    if (translationLanguage && translationLanguage !== reference && translation.trim()) texts.push({ language: translationLanguage, body: translation });
    try {
      const result = await create({
        variables: {
          input: {
            clientId: clientId.current,
            leadOrganisationId: lead,
            title,
            referenceLanguage: reference,
            texts,
            deadline: isoFromLocalInput(deadline),
            invitedNetworkIds: networkIds,
            allowIndividualSignatories: individuals,
            signatoryOrder: order,
          },
        },
      });
      const id = result.data?.createStatement.id;
      if (!id) return;
      clearTitle();
      clearText();
      clearTranslation();
      void navigate(`/statements/${id}`);
    } catch {
      // Shown beside the fields below; what was typed stays.
    }
  };

  const networkList = networks.data?.networks.edges.map((e) => e.node) ?? [];
  return (
    <Page title={t('statements.create.title')}>
      <form onSubmit={(e) => void submit(e)} noValidate className="statement-form">
        <Alert messages={errors.general(FIELDS)} />
        <SelectField label={t('statements.create.lead')} hint={t('statements.create.leadHint')} value={lead} onChange={(e) => setLead(e.target.value)} error={errors.field('leadOrganisationId')} required>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('statements.field.title')} value={title} onChange={(e) => setTitle(e.target.value)} error={errors.field('title')} required />
        <SelectField label={t('statements.create.referenceLanguage')} hint={t('statements.create.referenceHint')} value={reference} onChange={(e) => setReference(e.target.value)} error={errors.field('referenceLanguage')}>
          {TEXT_LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {languageName(code, language)}
            </option>
          ))}
        </SelectField>
        <TextArea
          label={t('statements.field.textIn', { language: languageName(reference, language) })}
          hint={t('statements.field.textHint')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={errors.field('texts')}
          rows={12}
          required
        />
        <SelectField label={t('statements.create.translation')} optional value={translationLanguage} onChange={(e) => setTranslationLanguage(e.target.value)}>
          <option value="">{t('statements.create.noTranslation')}</option>
          {TEXT_LANGUAGES.filter((code) => code !== reference).map((code) => (
            <option key={code} value={code}>
              {languageName(code, language)}
            </option>
          ))}
        </SelectField>
        {translationLanguage && translationLanguage !== reference ? (
          <TextArea
            label={t('statements.field.textIn', { language: languageName(translationLanguage, language) })}
            optional
            value={translation}
            onChange={(e) => setTranslation(e.target.value)}
            rows={8}
          />
        ) : null}
        <TextField
          type="datetime-local"
          label={t('statements.field.deadline')}
          hint={t('statements.create.deadlineHint')}
          optional
          value={deadline}
          onChange={(e) => setDeadline(e.target.value)}
          error={errors.field('deadline')}
        />
        <fieldset aria-describedby={errors.field('invitedNetworkIds') ? 'statement-networks-error' : undefined}>
          <legend>{t('statements.create.networks')}</legend>
          <p className="field__hint">{t('statements.create.networksHint')}</p>
          {networkList.length === 0 ? <p className="muted">{t('statements.create.noNetworks')}</p> : null}
          {networkList.map((n) => (
            <label key={n.id} className="check">
              <input
                type="checkbox"
                checked={networkIds.includes(n.id)}
                onChange={(e) => setNetworkIds(e.target.checked ? [...networkIds, n.id] : networkIds.filter((id) => id !== n.id))}
              />
              {n.name}
            </label>
          ))}
          {errors.field('invitedNetworkIds') ? (
            <p className="field__error" id="statement-networks-error" role="alert">
              {errors.field('invitedNetworkIds')}
            </p>
          ) : null}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={individuals} onChange={(e) => setIndividuals(e.target.checked)} />
          {t('statements.create.individuals')}
        </label>
        <SelectField label={t('statements.create.order')} value={order} onChange={(e) => setOrder(e.target.value as SignatoryOrder)} error={errors.field('signatoryOrder')}>
          <option value="ALPHABETICAL">{t('statements.order.ALPHABETICAL')}</option>
          <option value="SIGNING_TIME">{t('statements.order.SIGNING_TIME')}</option>
        </SelectField>
        <p className="notice">{t('statements.create.confidential')}</p>
        <button type="submit" className="primary" disabled={loading}>
          {loading ? t('statements.create.saving') : t('statements.create.submit')}
        </button>
      </form>
    </Page>
  );
}
