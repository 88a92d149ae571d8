import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';
import { writeDraft } from '../../app/drafts';
import { failuresOf } from '../../app/errors';
import { draftKeys } from './labels';
import type { DiffLine } from './merge';
import { SaveRevisionDocument, StatementDocument } from './operations';

export interface TextPair {
  language: string;
  body: string;
}

/** The API's CONFLICT answer to a save based on a revision that is no longer the current one. */
export interface RevisionConflict {
  currentRevision: { id: string; number: number; title: string; texts: TextPair[]; contentHash: string };
  yours: { title: string; texts: TextPair[] };
  diff: { title: DiffLine[]; texts: { language: string; lines: DiffLine[] }[] };
}

export type SaveOutcome = { saved: number } | { conflict: RevisionConflict };

export function conflictOf(error: unknown): RevisionConflict | null {
  const failure = failuresOf(error).find((f) => f.code === 'CONFLICT' && f.extensions['currentRevision']);
  return failure ? (failure.extensions as unknown as RevisionConflict) : null;
}

/** Forgets every draft of the statement's text once the server has it. */
export function clearStatementDrafts(statementId: string, languages: string[]) {
  const keys = draftKeys(statementId);
  for (const key of [keys.title, keys.base, keys.mergeTitle, ...languages.flatMap((l) => [keys.text(l), keys.merge(l)])]) writeDraft(key, '');
}

/**
 * Saves a revision against the one the person started from. Success clears the drafts; "someone
 * saved first" keeps what was sent as the drafts (so a reload loses nothing) and answers with the
 * conflict; any other failure is thrown for the form to show.
 */
export function useSaveRevision(statementId: string, languages: string[], organisationId: string | undefined) {
  const [mutate, state] = useMutation(SaveRevisionDocument, { refetchQueries: [StatementDocument], awaitRefetchQueries: true });
  const save = useCallback(
    async (baseRevisionId: string, title: string, texts: TextPair[]): Promise<SaveOutcome> => {
      try {
        const result = await mutate({ variables: { input: { statementId, baseRevisionId, title, texts, organisationId } } });
        clearStatementDrafts(statementId, languages);
        return { saved: result.data?.saveStatementRevision.number ?? 0 };
      } catch (error) {
        const conflict = conflictOf(error);
        if (!conflict) throw error;
        const keys = draftKeys(statementId);
        writeDraft(keys.base, baseRevisionId);
        writeDraft(keys.title, title);
        for (const text of texts) writeDraft(keys.text(text.language), text.body);
        return { conflict };
      }
    },
    [mutate, statementId, languages, organisationId],
  );
  return { save, loading: state.loading, error: conflictOf(state.error) ? undefined : state.error, reset: state.reset };
}
