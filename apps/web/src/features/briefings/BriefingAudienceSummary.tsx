import { useQuery } from '@apollo/client/react';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import type { BriefingDetail } from './BriefingPage';
import { AudienceOptionsDocument } from './operations';

/** For the source: whom the briefing is shared with, by name. */
export function BriefingAudienceSummary({ briefing }: { briefing: BriefingDetail }) {
  const { t, compare } = useI18n();
  const { viewer } = useSession();
  const audience = briefing.source!.audience;
  const publisher = briefing.organisation.id;
  const origin = briefing.source!.originOrganisation?.id;
  const mine = new Set(viewer.memberships.map((m) => m.organisationId));
  // Names of organisations and networks come from the options of the organisation the viewer writes for.
  const variables = mine.has(publisher) ? { organisationId: publisher } : origin && mine.has(origin) ? { organisationId: origin, publishAsOrganisationId: publisher } : null;
  const { data } = useQuery(AudienceOptionsDocument, { variables: variables ?? { organisationId: '' }, skip: !variables });
  const options = data?.briefingAudienceOptions;
  const nameOf = (list: { id: string; name?: string; displayName?: string }[] | undefined, id: string) => {
    const hit = list?.find((x) => x.id === id);
    return hit?.displayName ?? hit?.name ?? '…';
  };
  const groups: [string, string[]][] = [
    // People by the names the API gives: those of other organisations, named by e-mail, are in no option list.
    [t('briefings.audience.people'), audience.people.map((p) => p.displayName || nameOf(options?.people, p.id))],
    [t('briefings.audience.organisations'), audience.organisationIds.map((id) => nameOf(options?.organisations, id))],
    [
      t('briefings.audience.networks'),
      [
        ...audience.networkIds.map((id) => nameOf(options?.networks, id)),
        ...audience.networkWithPartnersIds.map((id) => t('briefings.audience.withPartners', { network: nameOf(options?.networks, id) })),
      ],
    ],
  ];
  const shown = groups.filter(([, names]) => names.length > 0);
  return (
    <section className="briefing__section" aria-labelledby="briefing-audience">
      <h2 id="briefing-audience">{t('briefings.audience.current')}</h2>
      {shown.length === 0 ? (
        <p className="muted">{briefing.tlp === 'CLEAR' ? t('briefings.picker.rule.CLEAR') : t('briefings.audience.onlyAuthor')}</p>
      ) : (
        <dl>
          {shown.map(([label, names]) => (
            <div key={label}>
              <dt>
                <strong>{label}</strong>
              </dt>
              <dd>{[...names].sort(compare).join(', ')}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
