/** Something that happened, as every consumer sees it. `id` is what consumers de-duplicate on. */
export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  type: string;
  payload: P;
  occurredAt: Date;
}

export type EventHandler = (event: DomainEvent) => Promise<void> | void;
