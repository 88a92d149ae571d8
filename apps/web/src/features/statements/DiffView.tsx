import type { DiffLine } from './merge';
import { useI18n } from '../../i18n/i18n';

/** A line diff: removed lines struck through, added ones underlined, each named for screen readers too. */
export function DiffView({ lines, language }: { lines: DiffLine[]; language?: string }) {
  const { t } = useI18n();
  if (lines.every((l) => l.op === 'EQUAL')) return <p className="muted">{t('statements.diff.noChange')}</p>;
  return (
    <div className="diff" lang={language}>
      {lines.map((line, i) =>
        line.op === 'EQUAL' ? (
          <p key={i} className="diff__line">
            {line.text || '\u00a0'}
          </p>
        ) : line.op === 'DELETE' ? (
          <del key={i} className="diff__line diff__line--delete">
            <span className="visually-hidden">{t('statements.diff.removed')} </span>
            {line.text || '\u00a0'}
          </del>
        ) : (
          <ins key={i} className="diff__line diff__line--insert">
            <span className="visually-hidden">{t('statements.diff.added')} </span>
            {line.text || '\u00a0'}
          </ins>
        ),
      )}
    </div>
  );
}
