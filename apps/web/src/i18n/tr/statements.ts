import type { statements as en } from '../en/statements';

export const statements: Record<keyof typeof en, string> = {
};
