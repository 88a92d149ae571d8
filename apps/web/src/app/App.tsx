import { ApolloProvider } from '@apollo/client/react';
import { Suspense, useEffect, useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { AcceptInvitationPage } from '../features/auth/AcceptInvitationPage';
import { SignInPage } from '../features/auth/SignInPage';
import { routes } from './routes';
import { createApolloClient } from './apollo';
import { Layout } from './Layout';
import { realtime } from './realtime';
import { SessionProvider } from './session';
import { Page } from '../ui/Page';
import { ScreenBoundary } from '../ui/ScreenBoundary';

function Loading() {
  const { t } = useI18n();
  return (
    <p className="boot" role="status">
      {t('app.loading')}
    </p>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Page title={t('app.notFound')}>
      <p>
        <a href="/">{t('nav.home')}</a>
      </p>
    </Page>
  );
}

function SignedOut() {
  // Any address while signed out shows sign-in, and returns there afterwards.
  useEffect(() => {
    if (window.location.pathname !== '/sign-in') {
      const next = window.location.pathname + window.location.search;
      history.replaceState(null, '', `/sign-in${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`);
    }
  }, []);
  return <SignInPage />;
}

function SignedIn() {
  const { pathname } = useLocation();
  useEffect(() => {
    realtime.start();
  }, []);
  return (
    <Layout>
      <ScreenBoundary key={pathname}>
        <Suspense fallback={<Loading />}>
          <Routes>
            {routes.map((route) => (
              <Route key={route.path} path={route.path} element={route.element} />
            ))}
            <Route path="/sign-in" element={<Navigate to="/" replace />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </ScreenBoundary>
    </Layout>
  );
}

export function App() {
  const client = useMemo(() => createApolloClient(), []);
  const invitation = window.location.pathname === '/invitation';
  return (
    <I18nProvider>
      <ApolloProvider client={client}>
        <BrowserRouter>
          {invitation ? (
            <AcceptInvitationPage />
          ) : (
            <SessionProvider signedOut={<SignedOut />} loading={<Loading />}>
              <SignedIn />
            </SessionProvider>
          )}
        </BrowserRouter>
      </ApolloProvider>
    </I18nProvider>
  );
}
