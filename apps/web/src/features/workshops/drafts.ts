import { writeDraft } from '../../app/drafts';

/** Forgets a saved draft once the server has it. */
export function clearDraftKey(key: string): void {
  writeDraft(key, '');
}
