/** Resource Graph queries made during a collection. */
import type { Json } from '../map/values';
import { queryResourceGraph } from '../resourceGraph';
import type { CollectContext } from './context';

export function queryResources(context: CollectContext, query: string): Promise<Json[]> {
  return queryResourceGraph(context.clients, query, { abortSignal: context.signal });
}
