// Every migration, in order. A new migration is added here as well as in its own file.
import { PlatformFoundation1795300000000 } from './1795300000000-PlatformFoundation.js';
import { Identity1795300000001 } from './1795300000001-Identity.js';
import { RealtimeAttachments1795300000002 } from './1795300000002-RealtimeAttachments.js';
import { Briefings1795305000000 } from './1795305000000-Briefings.js';
import { Discussions1795310000000 } from './1795310000000-Discussions.js';
import { Statements1795320000000 } from './1795320000000-Statements.js';
import { Workshops1795330000000 } from './1795330000000-Workshops.js';
import { EncryptedAttachments1795340000000 } from './1795340000000-EncryptedAttachments.js';

export const migrations = [PlatformFoundation1795300000000, Identity1795300000001, RealtimeAttachments1795300000002, Briefings1795305000000, Discussions1795310000000, Statements1795320000000, Workshops1795330000000, EncryptedAttachments1795340000000];
