import { useId, useState, type ReactNode } from 'react';
import type { BriefingAudienceOptionsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { TextField } from '../../ui/Field';
import type { RecipientKind } from './tlp';

export type AudienceOptions = BriefingAudienceOptionsQuery['briefingAudienceOptions'];

export interface Audience {
  userIds: string[];
  organisationIds: string[];
  networks: { networkId: string; includePartners: boolean }[];
}

export const EMPTY_AUDIENCE: Audience = { userIds: [], organisationIds: [], networks: [] };

export const audienceSize = (a: Audience) => a.userIds.length + a.organisationIds.length + a.networks.length;

/** Keeps only what the allowed kinds permit; returns the names of what was dropped. */
export function restrictAudience(a: Audience, kinds: RecipientKind[], options: AudienceOptions | undefined, partnersAllowed: boolean): { audience: Audience; dropped: string[] } {
  const name = (list: { id: string; name?: string; displayName?: string }[] | undefined, id: string) => {
    const hit = list?.find((x) => x.id === id);
    return hit?.displayName ?? hit?.name ?? id;
  };
  const dropped = [
    ...(kinds.includes('people') ? [] : a.userIds.map((id) => name(options?.people, id))),
    ...(kinds.includes('organisations') ? [] : a.organisationIds.map((id) => name(options?.organisations, id))),
    ...(kinds.includes('networks') ? [] : a.networks.map((n) => name(options?.networks, n.networkId))),
  ];
  return {
    audience: {
      userIds: kinds.includes('people') ? a.userIds : [],
      organisationIds: kinds.includes('organisations') ? a.organisationIds : [],
      networks: kinds.includes('networks') ? a.networks.map((n) => ({ ...n, includePartners: partnersAllowed && n.includePartners })) : [],
    },
    dropped,
  };
}

interface Props {
  legend: string;
  /** What the level allows, in words (shown first). */
  rule?: ReactNode;
  kinds: RecipientKind[];
  options: AudienceOptions | undefined;
  value: Audience;
  onChange(next: Audience): void;
  /** Whether a network may include its partner organisations (GREEN only). */
  partnersAllowed?: boolean;
  /** Messages in words, per kind (the API names audience.userIds, audience.organisationIds, audience.networks). */
  errors?: Partial<Record<RecipientKind, string | undefined>>;
  /** People or organisations to leave out (e.g. those who already have it). */
  exclude?: (kind: RecipientKind, id: string) => boolean;
}

/** Checkboxes of the people, organisations and networks the level allows, with a name filter. */
export function AudiencePicker({ legend, rule, kinds, options, value, onChange, partnersAllowed = false, errors = {}, exclude }: Props) {
  const { t, fold, compare } = useI18n();
  const [query, setQuery] = useState('');
  const q = fold(query.trim());
  const matches = (text: string) => !q || fold(text).includes(q);
  const keep = (kind: RecipientKind, id: string) => !exclude?.(kind, id);
  const people = [...(options?.people ?? [])]
    .filter((p) => keep('people', p.id) && (matches(p.displayName) || matches(p.organisation.name)))
    .sort((a, b) => compare(a.displayName, b.displayName));
  const organisations = [...(options?.organisations ?? [])].filter((o) => keep('organisations', o.id) && matches(o.name)).sort((a, b) => compare(a.name, b.name));
  const networks = [...(options?.networks ?? [])].filter((n) => matches(n.name)).sort((a, b) => compare(a.name, b.name));
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));
  return (
    <fieldset className="picker">
      <legend>{legend}</legend>
      {rule ? <p className="notice">{rule}</p> : null}
      {kinds.length > 0 ? (
        <>
          <TextField label={t('briefings.picker.filter')} hint={t('briefings.picker.filter.hint')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} optional />
          <div className="picker__columns">
            {kinds.includes('people') ? (
              <PickerGroup title={t('briefings.audience.people')} count={value.userIds.length} error={errors.people} empty={people.length === 0}>
                {people.map((p) => (
                  <li key={p.id}>
                    <label className="check">
                      <input type="checkbox" checked={value.userIds.includes(p.id)} onChange={(e) => onChange({ ...value, userIds: toggle(value.userIds, p.id, e.target.checked) })} />
                      {p.organisation.name ? t('briefings.picker.personOf', { name: p.displayName, organisation: p.organisation.name }) : p.displayName}
                    </label>
                  </li>
                ))}
              </PickerGroup>
            ) : null}
            {kinds.includes('organisations') ? (
              <PickerGroup title={t('briefings.audience.organisations')} count={value.organisationIds.length} error={errors.organisations} empty={organisations.length === 0}>
                {organisations.map((o) => (
                  <li key={o.id}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={value.organisationIds.includes(o.id)}
                        onChange={(e) => onChange({ ...value, organisationIds: toggle(value.organisationIds, o.id, e.target.checked) })}
                      />
                      {o.name}
                    </label>
                  </li>
                ))}
              </PickerGroup>
            ) : null}
            {kinds.includes('networks') ? (
              <PickerGroup title={t('briefings.audience.networks')} count={value.networks.length} error={errors.networks} empty={networks.length === 0}>
                {networks.map((n) => {
                  const chosen = value.networks.find((x) => x.networkId === n.id);
                  return (
                    <li key={n.id}>
                      <label className="check">
                        <input
                          type="checkbox"
                          checked={!!chosen}
                          onChange={(e) =>
                            onChange({
                              ...value,
                              networks: e.target.checked ? [...value.networks, { networkId: n.id, includePartners: false }] : value.networks.filter((x) => x.networkId !== n.id),
                            })
                          }
                        />
                        {n.name}
                      </label>
                      {chosen && partnersAllowed ? (
                        <label className="check picker__partners">
                          <input
                            type="checkbox"
                            checked={chosen.includePartners}
                            onChange={(e) =>
                              onChange({ ...value, networks: value.networks.map((x) => (x.networkId === n.id ? { ...x, includePartners: e.target.checked } : x)) })
                            }
                          />
                          {t('briefings.picker.includePartners')}
                        </label>
                      ) : null}
                    </li>
                  );
                })}
              </PickerGroup>
            ) : null}
          </div>
        </>
      ) : null}
    </fieldset>
  );
}

function PickerGroup({ title, count, error, empty, children }: { title: string; count: number; error?: string; empty: boolean; children: ReactNode }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className={error ? 'field--invalid' : undefined}>
      <p id={id} className="picker__title">
        <strong>{title}</strong> <span className="muted small">({t('briefings.picker.selected', { count })})</span>
      </p>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      {empty ? <p className="muted">{t('briefings.picker.noMatch')}</p> : <ul className="picker__group" aria-labelledby={id}>{children}</ul>}
    </div>
  );
}
