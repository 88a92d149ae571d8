// Every English interface string, one file per screen area. Add a key here and in ../tr/ (typecheck fails otherwise).
import { account } from './account';
import { admin } from './admin';
import { auth } from './auth';
import { briefings } from './briefings';
import { common } from './common';
import { home } from './home';
import { statements } from './statements';
import { threads } from './threads';
import { workshops } from './workshops';

export const en = {
  ...common,
  ...auth,
  ...home,
  ...briefings,
  ...statements,
  ...workshops,
  ...threads,
  ...admin,
  ...account,
} as const;

export type MessageKey = keyof typeof en;
