import { AppError } from '@sw/graphql';
import type { StatementRevisionEntity, StatementTexts } from './statement.entity.js';
import { type DiffLine, lineDiff, textsDiff } from './statement-text.js';

const textList = (languages: string[], texts: StatementTexts) => languages.map((language) => ({ language, body: texts[language] ?? '' }));

/**
 * A save based on a revision that is no longer the current one. No one's words are lost: the
 * answer carries the current revision, the caller's own text and a line diff from the current
 * text to theirs, per language (and of the title), to merge and save again against the current one.
 */
export class RevisionConflict extends AppError {
  constructor(languages: string[], baseNumber: number, current: StatementRevisionEntity, yours: { title: string; texts: StatementTexts }) {
    super(
      'CONFLICT',
      `baseRevisionId: revision ${current.number} was saved after revision ${baseNumber}; merge your text with it and save against revision ${current.number}`,
      { field: 'baseRevisionId' },
    );
    const title: DiffLine[] = lineDiff(current.title, yours.title);
    Object.assign(this.extensions, {
      currentRevision: {
        id: current.id,
        number: current.number,
        title: current.title,
        texts: textList(languages, current.texts),
        contentHash: current.contentHash,
      },
      yours: { title: yours.title, texts: textList(languages, yours.texts) },
      diff: { title, texts: textsDiff(languages, current.texts, yours.texts) },
    });
  }
}
