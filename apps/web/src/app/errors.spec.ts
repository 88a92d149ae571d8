import { afterEach, describe, expect, it } from '@jest/globals';
import type { Translate } from '../i18n/i18n';
import { translate } from '../i18n/text';
import { describeFailure, failuresOf, formErrors, HttpFailure, requestJson } from './errors';

const t: Translate = (key, values) => translate('en', key, values);
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const words = (error: unknown) => failuresOf(error).map((f) => describeFailure(f, t));

describe('a refusal from one of the API’s plain-HTTP routes', () => {
  it('is shown beside the field it names, in the same words as a GraphQL failure', async () => {
    const failure = await HttpFailure.of(json(400, { code: 'BAD_USER_INPUT', message: 'file: is empty', field: 'file' }));
    expect(failure).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', field: 'file', message: 'file: is empty' });
    const errors = formErrors(failure, t);
    expect(errors.field('file')).toBe(`${t('error.BAD_USER_INPUT')} file: is empty`);
    expect(errors.general(['file'])).toEqual([]);
    expect(errors.general()).toEqual([`${t('error.BAD_USER_INPUT')} file: is empty`]);
  });

  it('says FORBIDDEN with the API’s reason, and NOT_FOUND without repeating what was asked for', async () => {
    expect(words(await HttpFailure.of(json(403, { code: 'FORBIDDEN', message: 'You may not add attachments to this briefing' })))).toEqual([
      `${t('error.FORBIDDEN')} You may not add attachments to this briefing`,
    ]);
    expect(words(await HttpFailure.of(json(404, { code: 'NOT_FOUND', message: 'Briefing not found' })))).toEqual([t('error.NOT_FOUND')]);
  });

  it('takes its meaning from the status when the answer is not in the API’s shape, and ignores that answer’s words', async () => {
    const proxyPage = (status: number) => new Response('<html><body>nginx</body></html>', { status, headers: { 'content-type': 'text/html' } });
    expect(words(await HttpFailure.of(proxyPage(413)))).toEqual([t('error.PAYLOAD_TOO_LARGE')]);
    expect(words(await HttpFailure.of(proxyPage(502)))).toEqual([t('error.network')]);
    expect(words(await HttpFailure.of(proxyPage(500)))).toEqual([t('error.INTERNAL_SERVER_ERROR', { reference: '—' })]);
    const frameworkDefault = await HttpFailure.of(json(400, { statusCode: 400, message: 'Unexpected token in JSON', error: 'Bad Request' }));
    expect(frameworkDefault).toMatchObject({ code: 'BAD_USER_INPUT', message: '', field: undefined });
    expect(words(frameworkDefault)).toEqual([t('error.BAD_USER_INPUT')]);
  });

  it('asks to wait as long as the Retry-After header says', async () => {
    const failure = await HttpFailure.of(json(429, { code: 'RATE_LIMITED', message: 'Too many attempts' }, { 'retry-after': '30' }));
    expect(words(failure)).toEqual([t('error.RATE_LIMITED', { seconds: 30 })]);
  });
});

describe('requestJson', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends the session cookie and answers the JSON of a 2xx', async () => {
    const calls: RequestInit[] = [];
    globalThis.fetch = (async (_path: string, init: RequestInit) => {
      calls.push(init);
      return json(201, { id: 'a1', filename: 'report.pdf' });
    }) as typeof fetch;
    await expect(requestJson('/briefings/b1/attachments?filename=report.pdf', { method: 'POST', body: 'x' })).resolves.toEqual({ id: 'a1', filename: 'report.pdf' });
    expect(calls[0]).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(new Headers(calls[0]!.headers).get('accept')).toBe('application/json');
  });

  it('rejects with the refusal in the API’s terms', async () => {
    globalThis.fetch = (async () => json(400, { code: 'BAD_USER_INPUT', message: 'filename: is required', field: 'filename' })) as typeof fetch;
    const error = await requestJson('/briefings/b1/attachments', { method: 'POST' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpFailure);
    expect(formErrors(error, t).field('filename')).toBe(`${t('error.BAD_USER_INPUT')} filename: is required`);
  });

  it('shows a request that fails on the network as the network message', async () => {
    globalThis.fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const error = await requestJson('/briefings/b1/attachments', { method: 'POST' }).catch((e: unknown) => e);
    expect(words(error)).toEqual([t('error.network')]);
  });
});
