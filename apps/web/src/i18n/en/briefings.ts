export const briefings = {
} as const;
