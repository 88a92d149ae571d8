import type { ReactElement } from 'react';

/** A signed-in screen at an address (react-router path syntax). */
export interface AppRoute {
  path: string;
  element: ReactElement;
}
