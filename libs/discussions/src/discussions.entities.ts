import {
  MessageAcknowledgementEntity, MessageEditEntity, MessageEntity, MessageMentionEntity, MessageReactionEntity,
} from './message.entity.js';
import { ThreadEntity, ThreadReadEntity } from './thread.entity.js';

export const discussionsEntities = [
  ThreadEntity, ThreadReadEntity, MessageEntity, MessageEditEntity, MessageReactionEntity, MessageMentionEntity, MessageAcknowledgementEntity,
];
