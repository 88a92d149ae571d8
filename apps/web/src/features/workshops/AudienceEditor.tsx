import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { NetworksDocument, SetWorkshopAudienceDocument } from './operations';

/** Which networks and organisations see the workshop once open and may register. */
export function AudienceEditor({ workshopId, audience }: { workshopId: string; audience: { networkIds: string[]; organisationIds: string[] } | null }) {
  const { t, compare } = useI18n();
  const { organisations } = useSession();
  const networks = useQuery(NetworksDocument);
  const [networkIds, setNetworkIds] = useState<string[]>(audience?.networkIds ?? []);
  const [organisationIds, setOrganisationIds] = useState<string[]>(audience?.organisationIds ?? []);
  const [saved, setSaved] = useState(false);
  const [save, { loading, error }] = useMutation(SetWorkshopAudienceDocument);
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id));
  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    try {
      await save({ variables: { input: { workshopId, networkIds, organisationIds } } });
      setSaved(true);
    } catch {
      // Shown below.
    }
  }
  const networkList = [...(networks.data?.networks.edges.map((e) => e.node) ?? [])].sort((a, b) => compare(a.name, b.name));
  const orgList = [...organisations].sort((a, b) => compare(a.name, b.name));
  return (
    <section aria-labelledby="ws-audience-title">
      <h2 id="ws-audience-title">{t('workshops.audience.title')}</h2>
      <p className="muted">{t('workshops.audience.hint')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>{t('workshops.audience.networks')}</legend>
          {networkList.length === 0 ? <p className="muted">{t('workshops.audience.noNetworks')}</p> : null}
          {networkList.map((n) => (
            <label key={n.id} className="check">
              <input type="checkbox" checked={networkIds.includes(n.id)} onChange={(e) => setNetworkIds(toggle(networkIds, n.id, e.target.checked))} />
              {n.name}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('workshops.audience.organisations')}</legend>
          {orgList.map((o) => (
            <label key={o.id} className="check">
              <input type="checkbox" checked={organisationIds.includes(o.id)} onChange={(e) => setOrganisationIds(toggle(organisationIds, o.id, e.target.checked))} />
              {o.name}
            </label>
          ))}
        </fieldset>
        <ErrorMessage error={error} />
        {saved ? (
          <p className="success" role="status">
            {t('workshops.audience.saved')}
          </p>
        ) : null}
        <button type="submit" disabled={loading}>
          {t('workshops.audience.save')}
        </button>
      </form>
    </section>
  );
}
