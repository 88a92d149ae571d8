import { createElement, lazy, type ComponentType, type ReactElement } from 'react';

/** A signed-in screen at an address (react-router path syntax). */
export interface AppRoute {
  path: string;
  element: ReactElement;
}

/**
 * Screens of one area, loaded the first time one of them is opened: the sign-in page and home stay small
 * on a slow connection, and each area arrives as one file. `load` is the area's `import('./screens')`.
 */
export function lazyScreens<M extends Record<string, ComponentType>>(load: () => Promise<M>) {
  return (name: keyof M & string): ReactElement => createElement(lazy(async () => ({ default: (await load())[name] })));
}
