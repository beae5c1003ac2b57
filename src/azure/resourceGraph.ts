/** Azure Resource Graph queries with `$skipToken` paging, yielding each page as it arrives. */
import { countPage, type AzureClients } from './clients';
import { MalformedResponseError } from './errors';
import { isRecord, type Json } from './map/values';

export interface ResourceGraphOptions {
  /** Subscriptions to search; all the signed-in account can read when absent. */
  subscriptions?: string[];
  /** Rows per page; Resource Graph allows at most 1000. */
  pageSize?: number;
  abortSignal?: AbortSignal;
}

/** Runs a KQL query and yields its rows page by page. */
export async function* queryResourceGraphPages(clients: AzureClients, query: string, options: ResourceGraphOptions = {}): AsyncGenerator<Json[]> {
  const client = await clients.resourceGraph();
  let skipToken: string | undefined;
  let pages = 0;

  do {
    pages = countPage(pages, 'The Azure Resource Graph query');
    const response = await client.resources(
      {
        query,
        ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
        options: { resultFormat: 'objectArray', top: options.pageSize ?? 1000, ...(skipToken ? { skipToken } : {}) },
      },
      { abortSignal: options.abortSignal },
    );
    if (!Array.isArray(response.data)) {
      throw new MalformedResponseError('Azure Resource Graph returned rows that are not an array of objects.');
    }
    yield (response.data as unknown[]).filter(isRecord);
    skipToken = response.skipToken || undefined;
  } while (skipToken);
}

/** Runs a KQL query and returns every row. */
export async function queryResourceGraph(clients: AzureClients, query: string, options: ResourceGraphOptions = {}): Promise<Json[]> {
  const rows: Json[] = [];
  for await (const page of queryResourceGraphPages(clients, query, options)) {
    rows.push(...page);
  }
  return rows;
}
