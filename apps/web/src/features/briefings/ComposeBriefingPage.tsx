import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useDraft } from '../../app/drafts';
import { formErrors } from '../../app/errors';
import { useSession } from '../../app/session';
import type { BriefingLanguage, Tlp } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { SelectField, TextArea, TextField } from '../../ui/Field';
import { Page, QueryState } from '../../ui/Page';
import { AudiencePicker, EMPTY_AUDIENCE, audienceSize, restrictAudience, type Audience } from './AudiencePicker';
import { NameByEmail, type NamedPerson } from './NameByEmail';
import { BriefingNotFound, isNotFound, type BriefingDetail } from './BriefingPage';
import {
  AudienceOptionsDocument, BriefingDocument, ClassifyBriefingDocument, CreateBriefingDocument, EditBriefingDocument, PublishBriefingDocument,
  UpdateBriefingDraftDocument,
} from './operations';
import { RECIPIENTS_ALLOWED, TLP_LEVELS, tlpLabel } from './tlp';
import './briefings.css';

const LANGUAGES: BriefingLanguage[] = ['en', 'tr', 'other'];
const TEXT_FIELDS = ['title', 'summary', 'body', 'tags', 'language'];
const AUDIENCE_FIELDS = ['tlp', 'audience', 'organisationId', 'publishAsOrganisationId'];

const parseTags = (tags: string) => tags.split(',').map((x) => x.trim()).filter(Boolean);

/** Title, summary, text, language and tags, each kept in the tab (useDraft) under `prefix`. */
function useTextDraft(prefix: string, initial?: { title: string; summary: string; body: string; tags: string[]; language: BriefingLanguage }) {
  const [title, setTitle, clearTitle] = useDraft(`${prefix}.title`, initial?.title ?? '');
  const [summary, setSummary, clearSummary] = useDraft(`${prefix}.summary`, initial?.summary ?? '');
  const [body, setBody, clearBody] = useDraft(`${prefix}.body`, initial?.body ?? '');
  const [tags, setTags, clearTags] = useDraft(`${prefix}.tags`, initial?.tags.join(', ') ?? '');
  const [language, setLanguage, clearLanguage] = useDraft(`${prefix}.language`, initial?.language ?? '');
  return {
    values: { title, summary, body, tags, language: (language || 'en') as BriefingLanguage },
    setters: { setTitle, setSummary, setBody, setTags, setLanguage },
    input: () => ({ title, summary, body, tags: parseTags(tags), language: (language || 'en') as BriefingLanguage }),
    clear: () => {
      clearTitle();
      clearSummary();
      clearBody();
      clearTags();
      clearLanguage();
    },
  };
}

type TextDraft = ReturnType<typeof useTextDraft>;

function TextFields({ draft, errors }: { draft: TextDraft; errors: ReturnType<typeof formErrors> }) {
  const { t } = useI18n();
  const { values, setters } = draft;
  return (
    <>
      <TextField label={t('briefings.compose.title')} value={values.title} maxLength={300} required onChange={(e) => setters.setTitle(e.target.value)} error={errors.field('title')} />
      <TextArea
        label={t('briefings.compose.summary')}
        hint={t('briefings.compose.summary.hint')}
        value={values.summary}
        maxLength={2000}
        rows={2}
        onChange={(e) => setters.setSummary(e.target.value)}
        error={errors.field('summary')}
        optional
      />
      <TextArea label={t('briefings.compose.body')} hint={t('briefings.compose.body.hint')} value={values.body} rows={14} required onChange={(e) => setters.setBody(e.target.value)} error={errors.field('body')} />
      <div className="grid-2">
        <SelectField label={t('briefings.compose.language')} value={values.language} onChange={(e) => setters.setLanguage(e.target.value)} error={errors.field('language')}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`briefings.compose.language.${l}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('briefings.compose.tags')} hint={t('briefings.compose.tags.hint')} value={values.tags} onChange={(e) => setters.setTags(e.target.value)} error={errors.field('tags')} optional />
      </div>
    </>
  );
}

/** The level and, for it, the audience: the picker offers only what the level allows. */
function ClassificationFields(props: {
  tlp: Tlp;
  onTlp(tlp: Tlp, kept: Audience, dropped: string[]): void;
  audience: Audience;
  onAudience(a: Audience): void;
  organisationId: string;
  publishAsOrganisationId: string;
  errors: ReturnType<typeof formErrors>;
  dropped: string[];
  missing: boolean;
  /** People the briefing already reaches by name, with the names the API gave. */
  known?: NamedPerson[];
}) {
  const { t } = useI18n();
  const { tlp, audience, errors } = props;
  const fetched = useQuery(AudienceOptionsDocument, {
    variables: { organisationId: props.organisationId, publishAsOrganisationId: props.publishAsOrganisationId || null },
    skip: !props.organisationId,
  });
  // People of other organisations named by address join the listed colleagues (kept with the draft).
  const [namedText, setNamedText] = useDraft('briefing.namedPeople', '[]');
  const named = parseNamed(namedText);
  const listed = fetched.data?.briefingAudienceOptions;
  // Beside them, the people the briefing already reaches (when it is edited), whom no list may hold.
  const extra = [...(props.known ?? []), ...named].filter((n, i, all) => all.findIndex((m) => m.id === n.id) === i);
  const options = {
    ...fetched,
    data: listed && { briefingAudienceOptions: { ...listed, people: [...listed.people, ...extra.filter((n) => !listed.people.some((p) => p.id === n.id))] } },
  };
  const addNamed = (person: NamedPerson) => {
    if (!named.some((n) => n.id === person.id)) setNamedText(JSON.stringify([...named, person]));
    if (!audience.userIds.includes(person.id)) props.onAudience({ ...audience, userIds: [...audience.userIds, person.id] });
  };
  // A stricter level keeps only the recipients it allows, and says whom it removed.
  const changeTlp = (next: Tlp) => {
    // TLP:CLEAR reaches everyone: the audience is moot, and kept in case the level is changed back.
    if (next === 'CLEAR') return props.onTlp(next, audience, []);
    const { audience: kept, dropped } = restrictAudience(audience, RECIPIENTS_ALLOWED[next], options.data?.briefingAudienceOptions, next === 'GREEN');
    props.onTlp(next, kept, dropped);
  };
  return (
    <>
      <SelectField label={t('briefings.compose.tlp')} hint={t('briefings.compose.tlp.hint')} value={tlp} onChange={(e) => changeTlp(e.target.value as Tlp)} error={errors.field('tlp')}>
        {TLP_LEVELS.map((level) => (
          <option key={level} value={level}>
            {tlpLabel(level)} — {t(`briefings.handling.${level}`)}
          </option>
        ))}
      </SelectField>
      {props.dropped.length > 0 ? (
        <p className="notice" role="status">
          {t('briefings.picker.dropped', { tlp: tlpLabel(tlp), names: props.dropped.join(', ') })}
        </p>
      ) : null}
      <Alert messages={options.error ? formErrors(options.error, t).general() : []} />
      <AudiencePicker
        legend={t('briefings.picker.legend')}
        rule={t(`briefings.picker.rule.${tlp}`)}
        kinds={RECIPIENTS_ALLOWED[tlp]}
        options={options.data?.briefingAudienceOptions}
        value={audience}
        onChange={props.onAudience}
        partnersAllowed={tlp === 'GREEN'}
        errors={{ people: errors.field('audience.userIds'), organisations: errors.field('audience.organisationIds'), networks: errors.field('audience.networks') }}
      />
      {RECIPIENTS_ALLOWED[tlp].includes('people') && props.organisationId ? (
        <NameByEmail organisationId={props.organisationId} publishAsOrganisationId={props.publishAsOrganisationId} onFound={addNamed} />
      ) : null}
      {props.missing ? <Alert messages={[t('briefings.picker.empty')]} /> : null}
    </>
  );
}

function useClassification(prefix: string, initial?: { tlp: Tlp; audience: Audience }) {
  const [tlpText, setTlpText, clearTlp] = useDraft(`${prefix}.tlp`, initial?.tlp ?? 'AMBER');
  const [audienceText, setAudienceText, clearAudience] = useDraft(`${prefix}.audience`, initial ? JSON.stringify(initial.audience) : '');
  const [dropped, setDropped] = useState<string[]>([]);
  const tlp = (TLP_LEVELS.includes(tlpText as Tlp) ? tlpText : 'AMBER') as Tlp;
  let audience = EMPTY_AUDIENCE;
  try {
    if (audienceText) audience = { ...EMPTY_AUDIENCE, ...(JSON.parse(audienceText) as Audience) };
  } catch {
    audience = EMPTY_AUDIENCE;
  }
  return {
    tlp,
    audience,
    dropped,
    setAudience: (a: Audience) => setAudienceText(JSON.stringify(a)),
    /** A new level, with the audience it leaves (see restrictAudience) and whom it dropped. */
    setTlp: (next: Tlp, kept: Audience, names: string[]) => {
      setTlpText(next);
      setAudienceText(JSON.stringify(kept));
      setDropped(names);
    },
    clear: () => {
      clearTlp();
      clearAudience();
    },
  };
}

/** A new briefing: saved as a draft, or saved and published at once. */
export function ComposeBriefingPage() {
  const { t, compare } = useI18n();
  const navigate = useNavigate();
  const { viewer, organisationName } = useSession();
  const memberOf = viewer.memberships.filter((m) => !m.suspended).map((m) => m.organisationId);
  const draft = useTextDraft('briefing.new');
  const [organisationText, setOrganisationId, clearOrganisation] = useDraft('briefing.new.organisation', memberOf[0] ?? '');
  const organisationId = memberOf.includes(organisationText) ? organisationText : (memberOf[0] ?? '');
  const [publishAs, setPublishAs, clearPublishAs] = useDraft('briefing.new.publishAs');
  const classification = useClassification('briefing.new');
  const [missing, setMissing] = useState(false);
  const own = useQuery(AudienceOptionsDocument, { variables: { organisationId }, skip: !organisationId });
  const trusted = (own.data?.briefingAudienceOptions.organisations ?? []).filter((o) => o.id !== organisationId);
  const [create, creating] = useMutation(CreateBriefingDocument);
  const [publish, publishing] = useMutation(PublishBriefingDocument);
  const errors = formErrors(creating.error ?? publishing.error, t);

  const save = async (andPublish: boolean) => {
    if (andPublish && classification.tlp !== 'CLEAR' && audienceSize(classification.audience) === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const { audience, tlp } = classification;
    const created = await create({
      variables: {
        input: {
          ...draft.input(),
          organisationId,
          publishAsOrganisationId: publishAs || null,
          tlp,
          audience: tlp === 'CLEAR' ? EMPTY_AUDIENCE : audience,
        },
      },
    }).catch(() => null);
    const id = created?.data?.createBriefing.id;
    if (!id) return;
    draft.clear();
    classification.clear();
    clearOrganisation();
    clearPublishAs();
    // A publication on behalf waits for the trusted organisation: its admins publish it.
    if (andPublish && !publishAs) await publish({ variables: { id } }).catch(() => null);
    void navigate(`/briefings/${id}`);
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void save(submitter?.value === 'publish');
  };

  if (memberOf.length === 0) {
    return (
      <Page title={t('briefings.compose.new')}>
        <Alert messages={[t('error.FORBIDDEN')]} />
      </Page>
    );
  }
  return (
    <Page title={t('briefings.compose.new')}>
      <p className="muted">{t('briefings.compose.draftKept')}</p>
      <form onSubmit={submit} noValidate>
        {memberOf.length > 1 ? (
          <SelectField label={t('briefings.compose.organisation')} value={organisationId} onChange={(e) => setOrganisationId(e.target.value)} error={errors.field('organisationId')}>
            {[...memberOf]
              .sort((a, b) => compare(organisationName(a), organisationName(b)))
              .map((id) => (
                <option key={id} value={id}>
                  {organisationName(id)}
                </option>
              ))}
          </SelectField>
        ) : null}
        <TextFields draft={draft} errors={errors} />
        {trusted.length > 0 ? (
          <SelectField
            label={t('briefings.compose.publishAs')}
            hint={t('briefings.compose.publishAs.hint')}
            value={publishAs}
            onChange={(e) => setPublishAs(e.target.value)}
            error={errors.field('publishAsOrganisationId')}
          >
            <option value="">{t('briefings.compose.publishAs.own', { organisation: organisationName(organisationId) })}</option>
            {[...trusted]
              .sort((a, b) => compare(a.name, b.name))
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
          </SelectField>
        ) : null}
        <ClassificationFields
          tlp={classification.tlp}
          onTlp={classification.setTlp}
          audience={classification.audience}
          onAudience={classification.setAudience}
          organisationId={organisationId}
          publishAsOrganisationId={publishAs}
          errors={errors}
          dropped={classification.dropped}
          missing={missing}
        />
        <Alert messages={errors.general([...TEXT_FIELDS, ...AUDIENCE_FIELDS])} />
        <div className="compose__buttons">
          <button type="submit" name="action" value="publish" className="primary" disabled={creating.loading || publishing.loading}>
            {t('briefings.compose.saveAndPublish')}
          </button>
          <button type="submit" name="action" value="draft" disabled={creating.loading || publishing.loading}>
            {t('briefings.compose.saveDraft')}
          </button>
          <Link className="button" to="/briefings">
            {t('briefings.compose.cancel')}
          </Link>
        </div>
      </form>
    </Page>
  );
}

/** Editing a draft (text, level and audience) or a published briefing (its text, as a new revision). */
export function EditBriefingPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { data, loading, error, refetch } = useQuery(BriefingDocument, { variables: { id }, fetchPolicy: 'network-only' });
  const briefing = data?.briefing;
  if (!briefing) {
    if (error && isNotFound(error)) return <BriefingNotFound />;
    return (
      <Page title={t('briefings.compose.edit')}>
        <QueryState loading={loading} error={error} onRetry={() => void refetch()} />
      </Page>
    );
  }
  if (!briefing.source || briefing.status === 'RETRACTED') {
    return (
      <Page title={briefing.title}>
        <Alert messages={[t('error.FORBIDDEN')]} />
        <p>
          <Link to={`/briefings/${id}`}>{briefing.title}</Link>
        </p>
      </Page>
    );
  }
  return <EditForm briefing={briefing} />;
}

function EditForm({ briefing }: { briefing: BriefingDetail }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const isDraft = briefing.status === 'DRAFT';
  const prefix = `briefing.${briefing.id}.r${briefing.revision}`;
  const source = briefing.source!;
  const initialAudience: Audience = {
    userIds: source.audience.userIds,
    organisationIds: source.audience.organisationIds,
    networks: [
      ...source.audience.networkIds.map((networkId) => ({ networkId, includePartners: false })),
      ...source.audience.networkWithPartnersIds.map((networkId) => ({ networkId, includePartners: true })),
    ],
  };
  const draft = useTextDraft(prefix, {
    title: briefing.title,
    summary: briefing.summary,
    body: briefing.bodyMarkdown,
    tags: briefing.tags,
    language: briefing.language,
  });
  const classification = useClassification(prefix, { tlp: briefing.tlp, audience: initialAudience });
  const [updateDraft, updating] = useMutation(UpdateBriefingDraftDocument);
  const [edit, editing] = useMutation(EditBriefingDocument);
  const [classify, classifying] = useMutation(ClassifyBriefingDocument);
  const errors = formErrors(updating.error ?? editing.error ?? classifying.error, t);
  const busy = updating.loading || editing.loading || classifying.loading;
  const origin = source.originOrganisation?.id;

  const save = async () => {
    const input = draft.input();
    const saved = isDraft ? await updateDraft({ variables: { id: briefing.id, input } }).catch(() => null) : await edit({ variables: { id: briefing.id, input } }).catch(() => null);
    if (!saved?.data) return;
    if (isDraft) {
      const change = audienceChange(initialAudience, classification.audience);
      if (classification.tlp !== briefing.tlp || change) {
        const classified = await classify({ variables: { id: briefing.id, input: { tlp: classification.tlp, ...(change ?? {}) } } }).catch(() => null);
        if (!classified?.data) return;
      }
    }
    draft.clear();
    classification.clear();
    void navigate(`/briefings/${briefing.id}`);
  };
  return (
    <Page title={isDraft ? t('briefings.compose.edit') : t('briefings.compose.revise')}>
      <p className="muted">{isDraft ? t('briefings.compose.draftKept') : t('briefings.compose.revise.hint')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <TextFields draft={draft} errors={errors} />
        {isDraft ? (
          <ClassificationFields
            tlp={classification.tlp}
            onTlp={classification.setTlp}
            audience={classification.audience}
            onAudience={classification.setAudience}
            organisationId={origin ?? briefing.organisation.id}
            publishAsOrganisationId={origin ? briefing.organisation.id : ''}
            errors={errors}
            dropped={classification.dropped}
            missing={false}
            known={source.audience.people.map((p) => ({ id: p.id, displayName: p.displayName, organisation: { id: '', name: '' } }))}
          />
        ) : null}
        <Alert messages={errors.general([...TEXT_FIELDS, ...AUDIENCE_FIELDS, 'add', 'remove'])} />
        <div className="compose__buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t('briefings.compose.save')}
          </button>
          <Link className="button" to={`/briefings/${briefing.id}`}>
            {t('briefings.compose.cancel')}
          </Link>
          <button
            type="button"
            className="link"
            onClick={() => {
              draft.clear();
              classification.clear();
              void navigate(`/briefings/${briefing.id}`);
            }}
          >
            {t('briefings.compose.discard')}
          </button>
        </div>
      </form>
    </Page>
  );
}

/** What to add and remove to go from one audience to another (null when nothing changes). */
function audienceChange(before: Audience, after: Audience) {
  const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
  const key = (n: Audience['networks'][number]) => `${n.networkId}:${n.includePartners}`;
  const beforeNets = before.networks.map(key);
  const afterNets = after.networks.map(key);
  const add = {
    userIds: minus(after.userIds, before.userIds),
    organisationIds: minus(after.organisationIds, before.organisationIds),
    networks: after.networks.filter((n) => !beforeNets.includes(key(n))),
  };
  const remove = {
    userIds: minus(before.userIds, after.userIds),
    organisationIds: minus(before.organisationIds, after.organisationIds),
    networks: before.networks.filter((n) => !afterNets.includes(key(n))),
  };
  return audienceSize(add) + audienceSize(remove) === 0 ? null : { add, remove };
}

function parseNamed(text: string): NamedPerson[] {
  try {
    const value: unknown = JSON.parse(text || '[]');
    return Array.isArray(value) ? (value as NamedPerson[]).filter((p) => p && typeof p.id === 'string' && typeof p.displayName === 'string') : [];
  } catch {
    return [];
  }
}
