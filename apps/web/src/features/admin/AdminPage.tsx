import { Link, Navigate } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/Page';

/** The organisations the reader administers; with only one, straight to it. */
export function AdminPage() {
  const { t, compare } = useI18n();
  const { adminOf } = useSession();
  if (adminOf.length === 1) return <Navigate to={`/admin/${adminOf[0]!.id}`} replace />;
  const sorted = [...adminOf].sort((a, b) => compare(a.name, b.name));
  return (
    <Page title={t('admin.title')}>
      {sorted.length === 0 ? (
        <p>{t('admin.noOrganisations')}</p>
      ) : (
        <>
          <p>{t('admin.choose')}</p>
          <ul className="list">
            {sorted.map((o) => (
              <li key={o.id} className="card">
                <Link to={`/admin/${o.id}`}>{o.name}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
