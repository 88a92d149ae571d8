import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

/** Recovery codes, shown once: save them as a file (made in the browser, nothing is sent), copy or print them. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  const [confirmed, setConfirmed] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const text = `${t('account.codes.fileHeading')}\n\n${codes.join('\n')}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'solidarity-workspace-recovery-codes.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="success account-codes">
      <h3 ref={heading} tabIndex={-1}>
        {t('account.codes.title')}
      </h3>
      <p>
        <strong>{t('account.codes.onlyNow')}</strong> {t('account.codes.explain')}
      </p>
      <ol className="account-codes__list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="account-actions">
        <button type="button" onClick={download}>
          {t('account.codes.download')}
        </button>
        <button
          type="button"
          onClick={() =>
            navigator.clipboard.writeText(text).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            )
          }
        >
          {t('account.codes.copy')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t('account.codes.print')}
        </button>
      </div>
      <p role="status" className="small">
        {copied === 'yes' ? t('account.codes.copied') : copied === 'failed' ? t('account.codes.copyFailed') : ''}
      </p>
      <label className="check">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        {t('account.codes.saved')}
      </label>
      <button type="button" className="primary" disabled={!confirmed} onClick={onDone}>
        {t('account.codes.done')}
      </button>
    </div>
  );
}
