import type { threads as en } from '../en/threads';

export const threads: Record<keyof typeof en, string> = {
};
