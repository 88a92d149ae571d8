import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useDraft } from '../../app/drafts';
import { useSession } from '../../app/session';
import type { BriefingFilterInput, BriefingListItemFragment, BriefingStatus, Tlp } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Page, QueryState } from '../../ui/Page';
import { SelectField, TextField } from '../../ui/Field';
import { Alert } from '../../ui/ErrorMessage';
import { formErrors } from '../../app/errors';
import { AudienceOptionsDocument, BriefingsListDocument } from './operations';
import { TLP_LEVELS, tlpLabel } from './tlp';
import { TlpTag } from './TlpBanner';
import './briefings.css';

const PAGE_SIZE = 20;

interface Filters {
  text: string;
  tlp: Tlp | '';
  organisationId: string;
  networkId: string;
  tag: string;
  unreadOnly: boolean;
  status: BriefingStatus;
}

const NO_FILTERS: Filters = { text: '', tlp: '', organisationId: '', networkId: '', tag: '', unreadOnly: false, status: 'PUBLISHED' };

/** Filters stay in this tab's session (never in the address: search words can be sensitive). */
function useFilters(): [Filters, (next: Filters) => void] {
  const [stored, setStored] = useDraft('briefings.filters');
  let filters = NO_FILTERS;
  try {
    if (stored) filters = { ...NO_FILTERS, ...(JSON.parse(stored) as Partial<Filters>) };
  } catch {
    filters = NO_FILTERS;
  }
  return [filters, (next) => setStored(JSON.stringify(next) === JSON.stringify(NO_FILTERS) ? '' : JSON.stringify(next))];
}

function toInput(f: Filters): BriefingFilterInput {
  return {
    text: f.text.trim() || null,
    tlp: f.tlp || null,
    organisationId: f.organisationId || null,
    networkId: f.networkId || null,
    tag: f.tag.trim() || null,
    unreadOnly: f.unreadOnly || null,
    status: f.status === 'PUBLISHED' ? null : f.status,
  };
}

/** Briefings the reader may see: search, filters and "load more". */
export function BriefingsListPage() {
  const { t } = useI18n();
  const { viewer } = useSession();
  const [filters, setFilters] = useFilters();
  const [loadedMore, setLoadedMore] = useState(0);
  const { data, loading, error, refetch, fetchMore } = useQuery(BriefingsListDocument, {
    variables: { filter: toInput(filters), first: PAGE_SIZE },
    fetchPolicy: 'cache-and-network',
  });
  const canWrite = viewer.memberships.some((m) => !m.suspended);
  const briefings = data?.briefings.edges.map((e) => e.node) ?? [];
  const count = data?.briefingCount ?? 0;
  // A wrong search or tag is shown beside its field; anything else above the list.
  const general = formErrors(error, t).general(['filter.text', 'filter.tag']);
  const update = (next: Filters) => {
    setLoadedMore(0);
    setFilters(next);
  };
  return (
    <Page
      title={t('briefings.title')}
      actions={
        canWrite ? (
          <Link className="button primary" to="/briefings/new">
            {t('briefings.new')}
          </Link>
        ) : null
      }
    >
      <BriefingFilters filters={filters} onChange={update} error={error} />
      {data ? (
        <p className="meta" role="status">
          {count === 1 ? t('briefings.count.one') : t('briefings.count', { count })}
          {loadedMore > 0 ? <span> {t('briefings.loadedMore', { count: loadedMore })}</span> : null}
        </p>
      ) : null}
      <QueryState loading={loading && !data} />
      {general.length > 0 ? (
        <div>
          <Alert messages={general} />
          <button type="button" onClick={() => void refetch()}>
            {t('app.retry')}
          </button>
        </div>
      ) : null}
      {data && briefings.length === 0 ? <p>{t('briefings.none')}</p> : null}
      <ul className="list" aria-label={t('briefings.title')}>
        {briefings.map((b) => (
          <BriefingListItem key={b.id} briefing={b} />
        ))}
      </ul>
      {data?.briefings.pageInfo.hasNextPage ? (
        <p className="briefings__more">
          <button
            type="button"
            disabled={loading}
            onClick={() => {
              const before = briefings.length;
              void fetchMore({
                variables: { after: data.briefings.pageInfo.endCursor },
                updateQuery: (prev, { fetchMoreResult }) => ({
                  ...fetchMoreResult,
                  briefings: { ...fetchMoreResult.briefings, edges: [...prev.briefings.edges, ...fetchMoreResult.briefings.edges] },
                }),
              }).then((result) => setLoadedMore((result.data?.briefings.edges.length ?? 0) + (briefings.length - before)));
            }}
          >
            {t('app.loadMore')}
          </button>
        </p>
      ) : null}
    </Page>
  );
}

function BriefingListItem({ briefing: b }: { briefing: BriefingListItemFragment }) {
  const { t, formatDateTime } = useI18n();
  return (
    <li className="card briefing-item">
      <h2 className="briefing-item__title">
        <Link to={`/briefings/${b.id}`}>{b.title}</Link>
      </h2>
      <p className="meta">
        <TlpTag tlp={b.tlp} />
        {b.status === 'PUBLISHED' && !b.viewerHasRead ? <span className="badge badge--unread">{t('briefings.unread')}</span> : null}
        {b.status === 'DRAFT' ? <span className="badge">{t('briefings.draft')}</span> : null}
        {b.status === 'RETRACTED' ? <span className="badge">{t('briefings.retracted')}</span> : null}
        <span>{b.organisation.name}</span>
        {b.publishedAt ? <time dateTime={b.publishedAt}>{formatDateTime(b.publishedAt)}</time> : null}
        {b.revision > 1 ? <span>{t('briefings.revision', { revision: b.revision })}</span> : null}
      </p>
      {b.summary ? <p className="briefing-item__summary">{b.summary}</p> : null}
      {b.tags.length > 0 ? (
        <p className="meta">
          <span className="visually-hidden">{t('briefings.tags')}:</span>
          {b.tags.map((tag) => (
            <span key={tag} className="badge">
              {tag}
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}

/** The search form and the filters; the search runs on submit, filters at once. */
function BriefingFilters({ filters, onChange, error }: { filters: Filters; onChange: (f: Filters) => void; error: unknown }) {
  const { t, compare } = useI18n();
  const { organisations, viewer } = useSession();
  const [text, setText] = useState(filters.text);
  const [tag, setTag] = useState(filters.tag);
  const ownOrganisation = viewer.memberships.find((m) => !m.suspended)?.organisationId;
  const options = useQuery(AudienceOptionsDocument, {
    variables: { organisationId: ownOrganisation ?? '' },
    skip: !ownOrganisation,
  });
  const known = new Map<string, string>(organisations.map((o) => [o.id, o.name]));
  for (const o of options.data?.briefingAudienceOptions.organisations ?? []) known.set(o.id, o.name);
  const publishers = [...known].sort((a, b) => compare(a[1], b[1]));
  const networks = options.data?.briefingAudienceOptions.networks ?? [];
  const errors = formErrors(error, t);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ ...filters, text, tag });
  };
  return (
    <form className="briefings__filters" role="search" aria-label={t('briefings.filters')} onSubmit={submit}>
      <div className="toolbar">
        <TextField
          label={t('briefings.search')}
          hint={t('briefings.search.hint')}
          type="search"
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
          error={errors.field('filter.text')}
          optional
        />
        <button type="submit" className="primary">
          {t('briefings.search.submit')}
        </button>
      </div>
      <div className="toolbar">
        <SelectField label={t('briefings.filter.tlp')} value={filters.tlp} onChange={(e) => onChange({ ...filters, text, tag, tlp: e.target.value as Tlp | '' })}>
          <option value="">{t('briefings.filter.any')}</option>
          {TLP_LEVELS.map((level) => (
            <option key={level} value={level}>
              {tlpLabel(level)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('briefings.filter.organisation')} value={filters.organisationId} onChange={(e) => onChange({ ...filters, text, tag, organisationId: e.target.value })}>
          <option value="">{t('briefings.filter.any')}</option>
          {publishers.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
        {networks.length > 0 ? (
          <SelectField label={t('briefings.filter.network')} value={filters.networkId} onChange={(e) => onChange({ ...filters, text, tag, networkId: e.target.value })}>
            <option value="">{t('briefings.filter.any')}</option>
            {networks.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <TextField
          label={t('briefings.filter.tag')}
          value={tag}
          maxLength={40}
          onChange={(e) => setTag(e.target.value)}
          onBlur={() => tag !== filters.tag && onChange({ ...filters, text, tag })}
          error={errors.field('filter.tag')}
          optional
        />
        <SelectField label={t('briefings.filter.status')} value={filters.status} onChange={(e) => onChange({ ...filters, text, tag, status: e.target.value as BriefingStatus })}>
          <option value="PUBLISHED">{t('briefings.published')}</option>
          <option value="DRAFT">{t('briefings.drafts')}</option>
          <option value="RETRACTED">{t('briefings.retracted')}</option>
        </SelectField>
      </div>
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={filters.unreadOnly} onChange={(e) => onChange({ ...filters, text, tag, unreadOnly: e.target.checked })} />
          {t('briefings.filter.unreadOnly')}
        </label>
        <button
          type="button"
          className="link"
          onClick={() => {
            setText('');
            setTag('');
            onChange(NO_FILTERS);
          }}
        >
          {t('briefings.search.clear')}
        </button>
      </div>
    </form>
  );
}
