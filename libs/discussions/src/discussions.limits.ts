/** Limits of the discussions domain; the message length is MESSAGE_MAX_LENGTH in the environment. */
export const DISCUSSION_LIMITS = {
  /** Posts per user (GraphQL and sockets together, every instance), per window. */
  postsPerWindow: 30,
  postWindowSeconds: 30,
  /** `@thread` mentions per user, per window. */
  threadMentionsPerWindow: 3,
  threadMentionWindowSeconds: 900,
  /** Named mentions in one message. */
  mentionsPerMessage: 50,
  /** Distinct emoji on one message. */
  emojiPerMessage: 20,
  titleMaxLength: 200,
  retentionMaxDays: 3650,
  /** What `thread:subscribe` answers with at most; beyond that `hasMore` says to subscribe again from the last seq. */
  backlogMessages: 500,
  backlogCharacters: 1_000_000,
  /** Threads one socket may be subscribed to at once. */
  subscriptionsPerSocket: 200,
  /** Messages read per pass when delivering to subscribed sockets. */
  deliveryBatch: 200,
  /** Typing events per socket and thread: a burst, refilled over the window. */
  typingBurst: 3,
  typingWindowMs: 6_000,
  /** Every instance re-checks who may stay in the thread rooms of its sockets this often (audience changes without an event). */
  roomRecheckMs: 10_000,
  purgeIntervalMs: 10 * 60_000,
  purgeBatch: 1_000,
  reminderIntervalMs: 60_000,
  /** Urgent messages are re-notified to those who have not acknowledged them this often, this many times, for this long. */
  reminderEveryMinutes: 15,
  reminderMaxCount: 12,
  reminderWindowHours: 72,
} as const;
