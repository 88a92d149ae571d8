import type { workshops as en } from '../en/workshops';

export const workshops: Record<keyof typeof en, string> = {
};
