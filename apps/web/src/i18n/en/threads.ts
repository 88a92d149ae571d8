export const threads = {
} as const;
