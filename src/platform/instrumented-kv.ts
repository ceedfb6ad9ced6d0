// KV wrapped so that reads count as cache hits or misses in the current request's metrics.
import { currentContext } from './context';

const READS = new Set<PropertyKey>(['get', 'getWithMetadata']);
const wrappedNamespaces = new WeakMap<KVNamespace, KVNamespace>();

const isHit = (result: unknown): boolean =>
  result !== null && !(typeof result === 'object' && 'value' in result && result.value === null);

export function instrumentKV(namespace: KVNamespace): KVNamespace {
  let wrapped = wrappedNamespaces.get(namespace);
  if (!wrapped) {
    wrapped = new Proxy(namespace, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (!READS.has(property)) return value.bind(target);
        return async (...args: unknown[]) => {
          const result: unknown = await value.apply(target, args);
          // A bulk get (array of keys) returns a Map; count each key.
          const metrics = currentContext()?.metrics;
          if (result instanceof Map) for (const item of result.values()) metrics?.recordCache(isHit(item));
          else metrics?.recordCache(isHit(result));
          return result;
        };
      },
    });
    wrappedNamespaces.set(namespace, wrapped);
  }
  return wrapped;
}
