// Every Turkish interface string, one file per screen area, with exactly the keys of ../en/.
import type { MessageKey } from '../en';
import { account } from './account';
import { admin } from './admin';
import { auth } from './auth';
import { briefings } from './briefings';
import { common } from './common';
import { home } from './home';
import { statements } from './statements';
import { threads } from './threads';
import { workshops } from './workshops';

export const tr: Record<MessageKey, string> = {
  ...common,
  ...auth,
  ...home,
  ...briefings,
  ...statements,
  ...workshops,
  ...threads,
  ...admin,
  ...account,
};
