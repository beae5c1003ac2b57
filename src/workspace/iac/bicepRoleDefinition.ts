/**
 * Bicep `Microsoft.Authorization/roleDefinitions` resources: the role name and the strings in
 * every `actions: [ ]` and `dataActions: [ ]` list of `permissions`. `notActions` and
 * `notDataActions` are not read, and list items that are not string literals are left out.
 */
import type { FieldRef, IacRoleDefinitionFact, SourceRange } from '../../diagnosis/workload';
import { attribute, blockAt, TextPositions, type Block } from './textPositions';

interface BicepList {
  items: FieldRef[];
  /** From `[` through `]`. */
  range: SourceRange;
}

/** Reads every list that follows `key:` in the block, such as `dataActions: [ 'a', 'b' ]`. */
function listsOf(positions: TextPositions, block: Block, key: string): BicepList[] {
  const lists: BicepList[] = [];
  // `\b` keeps `actions` from matching inside `notActions`. Bicep property names ignore case.
  for (const match of block.body.matchAll(new RegExp(`\\b${key}\\s*:\\s*\\[`, 'gi'))) {
    const list = blockAt(positions.text, block.start + (match.index ?? 0) + match[0].length - 1, "'", '[]');
    if (!list) continue;

    const items: FieldRef[] = [];
    for (const item of list.body.matchAll(/'((?:[^'\\]|\\.)*)'/g)) {
      const start = list.start + (item.index ?? 0);
      items.push({ value: item[1], range: positions.range(start, start + item[0].length), quote: "'" });
    }
    lists.push({ items, range: positions.range(list.start, list.end) });
  }
  return lists;
}

/** Reads a role definition resource block, or returns undefined when it lists no actions or data actions. */
export function readBicepRoleDefinition(positions: TextPositions, block: Block, ownProperties: Block, start: number, resolve: (expression: string) => string | undefined): IacRoleDefinitionFact | undefined {
  const actions = listsOf(positions, block, 'actions');
  const dataActions = listsOf(positions, block, 'dataActions');
  if (actions.length === 0 && dataActions.length === 0) {
    return undefined;
  }

  const fact: IacRoleDefinitionFact = {
    source: positions.sourceRef(start, block.end),
    actions: actions.flatMap((list) => list.items),
    dataActions: dataActions.flatMap((list) => list.items),
  };
  const roleName = attribute(positions, ownProperties, 'roleName', ':', resolve)?.value;
  if (roleName) fact.roleName = roleName;
  if (dataActions[0]) fact.dataActionsListRange = dataActions[0].range;
  return fact;
}
