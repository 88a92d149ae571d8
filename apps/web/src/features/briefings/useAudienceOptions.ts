import { useQuery } from '@apollo/client/react';
import { useSession } from '../../app/session';
import { AudienceOptionsDocument } from './operations';

/** Whom the reader's first organisation may share with (names for pickers and summaries). */
export function useOwnAudienceOptions() {
  const { viewer } = useSession();
  const organisationId = viewer.memberships.find((m) => !m.suspended)?.organisationId;
  const { data } = useQuery(AudienceOptionsDocument, { variables: { organisationId: organisationId ?? '' }, skip: !organisationId });
  return { organisationId, options: data?.briefingAudienceOptions };
}
