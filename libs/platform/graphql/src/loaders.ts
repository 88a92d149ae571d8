import DataLoader from 'dataloader';

/**
 * DataLoaders for one request, created on first use and shared by every field resolver of that
 * request, so N parents cost one query per relation instead of N.
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  get<V>(name: string, batch: (keys: readonly string[]) => Promise<Map<string, V>>): DataLoader<string, V | null> {
    let loader = this.loaders.get(name) as DataLoader<string, V | null> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V | null>(async (keys) => {
        const found = await batch(keys);
        return keys.map((key) => found.get(key) ?? null);
      });
      this.loaders.set(name, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}

export interface GraphqlContext {
  req: unknown;
  res: unknown;
  loaders: RequestLoaders;
}
