import { v7 } from 'uuid';

/** Time-ordered UUIDs (v7) for rows created by the application. */
export const newId = (): string => v7();
