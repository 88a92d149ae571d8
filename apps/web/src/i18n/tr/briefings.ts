import type { briefings as en } from '../en/briefings';

export const briefings: Record<keyof typeof en, string> = {
};
