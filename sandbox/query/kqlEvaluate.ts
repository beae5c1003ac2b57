/** Runs a parsed KQL query over in-memory rows. */
import { KqlError } from './kqlLexer';
import type { KqlColumn, KqlExpression, KqlQuery } from './kqlParser';

export type KqlRow = Record<string, unknown>;

export interface KqlResult {
  columns: string[];
  rows: KqlRow[];
}

/**
 * Runs `query` over `rows`. `now` is the clock for `now()` and `ago()`; `sourceColumns` lists the
 * table's columns so an empty result still has them.
 */
export function runKql(query: KqlQuery, rows: KqlRow[], now: Date, sourceColumns: string[]): KqlResult {
  let columns = [...sourceColumns];
  let current = rows;

  for (const operator of query.operators) {
    switch (operator.kind) {
      case 'where':
        current = current.filter((row) => truthy(evaluate(operator.predicate, row, now)));
        break;
      case 'project':
        current = current.map((row) => projectRow(operator.columns, row, now, {}));
        columns = operator.columns.map((column) => column.name);
        break;
      case 'extend':
        current = current.map((row) => projectRow(operator.columns, row, now, { ...row }));
        columns = [...columns.filter((name) => !operator.columns.some((column) => column.name === name)), ...operator.columns.map((column) => column.name)];
        break;
      case 'project-away':
        current = current.map((row) => Object.fromEntries(Object.entries(row).filter(([name]) => !operator.names.includes(name))));
        columns = columns.filter((name) => !operator.names.includes(name));
        break;
      case 'take':
        current = current.slice(0, operator.count);
        break;
      case 'order':
        current = [...current].sort((a, b) => {
          for (const key of operator.keys) {
            const order = compareValues(evaluate(key.expression, a, now), evaluate(key.expression, b, now));
            if (order !== 0) {
              return key.descending ? -order : order;
            }
          }
          return 0;
        });
        break;
      case 'count':
        current = [{ Count: current.length }];
        columns = ['Count'];
        break;
    }
  }
  return { columns, rows: current };
}

function projectRow(columns: KqlColumn[], row: KqlRow, now: Date, start: KqlRow): KqlRow {
  const projected = start;
  for (const column of columns) {
    projected[column.name] = evaluate(column.expression, row, now);
  }
  return projected;
}

/** Looks a property up by exact name first, then ignoring case. */
function property(container: unknown, key: string | number): unknown {
  if (container === null || typeof container !== 'object') {
    return undefined;
  }
  if (Array.isArray(container)) {
    return typeof key === 'number' ? container[key] : undefined;
  }

  const record = container as Record<string, unknown>;
  if (String(key) in record) {
    return record[String(key)];
  }
  const lower = String(key).toLowerCase();
  const match = Object.keys(record).find((name) => name.toLowerCase() === lower);
  return match === undefined ? undefined : record[match];
}

export function evaluate(expression: KqlExpression, row: KqlRow, now: Date): unknown {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'column':
      return expression.path.reduce<unknown>((value, key) => property(value, key), row);
    case 'logical': {
      const left = truthy(evaluate(expression.left, row, now));
      return expression.operator === 'and' ? left && truthy(evaluate(expression.right, row, now)) : left || truthy(evaluate(expression.right, row, now));
    }
    case 'not':
      return !truthy(evaluate(expression.operand, row, now));
    case 'compare':
      return compare(expression.operator, evaluate(expression.left, row, now), evaluate(expression.right, row, now));
    case 'in': {
      const left = evaluate(expression.left, row, now);
      const ignoreCase = expression.operator.endsWith('~');
      const found = expression.values.some((value) => equals(left, evaluate(value, row, now), ignoreCase));
      return expression.operator.startsWith('!') ? !found : found;
    }
    case 'arithmetic':
      return arithmetic(expression.operator, evaluate(expression.left, row, now), evaluate(expression.right, row, now));
    case 'call':
      return callFunction(expression.name, expression.args.map((arg) => evaluate(arg, row, now)), now);
  }
}

function truthy(value: unknown): boolean {
  return value === true;
}

function asTime(value: unknown): number | undefined {
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  return undefined;
}

function equals(left: unknown, right: unknown, ignoreCase: boolean): boolean {
  if (left instanceof Date || right instanceof Date) {
    return asTime(left) === asTime(right);
  }
  if (typeof left === 'string' && typeof right === 'string') {
    return ignoreCase ? left.toLowerCase() === right.toLowerCase() : left === right;
  }
  return left === right;
}

function compareValues(left: unknown, right: unknown): number {
  const leftTime = asTime(left);
  const rightTime = asTime(right);
  if (leftTime !== undefined && rightTime !== undefined) {
    return leftTime - rightTime;
  }
  if (typeof left === 'number' && typeof right === 'number') {
    return left - right;
  }
  if (left === undefined || left === null) {
    return right === undefined || right === null ? 0 : -1;
  }
  if (right === undefined || right === null) {
    return 1;
  }
  return String(left).localeCompare(String(right));
}

function compare(operator: string, left: unknown, right: unknown): boolean {
  const negated = operator.startsWith('!') && operator !== '!=' && operator !== '!~';
  const base = negated ? operator.slice(1) : operator;
  const text = (value: unknown) => displayText(value);
  let result: boolean;

  switch (base) {
    case '==': result = equals(left, right, false); break;
    case '=~': result = equals(left, right, true); break;
    case '!=': result = !equals(left, right, false); break;
    case '!~': result = !equals(left, right, true); break;
    case '<': result = compareValues(left, right) < 0; break;
    case '<=': result = compareValues(left, right) <= 0; break;
    case '>': result = compareValues(left, right) > 0; break;
    case '>=': result = compareValues(left, right) >= 0; break;
    case 'contains': result = text(left).toLowerCase().includes(text(right).toLowerCase()); break;
    case 'contains_cs': result = text(left).includes(text(right)); break;
    // `has` matches whole terms; splitting on non-alphanumerics approximates Kusto's term index.
    case 'has': result = text(left).toLowerCase().split(/[^a-z0-9]+/).includes(text(right).toLowerCase()) || text(left).toLowerCase() === text(right).toLowerCase(); break;
    case 'has_cs': result = text(left).split(/[^A-Za-z0-9]+/).includes(text(right)); break;
    case 'startswith': result = text(left).toLowerCase().startsWith(text(right).toLowerCase()); break;
    case 'endswith': result = text(left).toLowerCase().endsWith(text(right).toLowerCase()); break;
    default: throw new KqlError(`The comparison '${operator}' is not supported.`);
  }
  return negated ? !result : result;
}

/** Converts a value to text as `tostring()` does: empty for null, ISO 8601 for times, JSON for objects. */
function displayText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  return JSON.stringify(value);
}

function arithmetic(operator: '+' | '-', left: unknown, right: unknown): unknown {
  const leftTime = asTime(left);
  if (leftTime !== undefined && typeof right === 'number') {
    return new Date(operator === '+' ? leftTime + right : leftTime - right);
  }
  if (typeof left === 'number' && typeof right === 'number') {
    return operator === '+' ? left + right : left - right;
  }
  throw new KqlError(`Cannot apply '${operator}' to ${JSON.stringify(left)} and ${JSON.stringify(right)}.`);
}

function callFunction(name: string, args: unknown[], now: Date): unknown {
  const first = args[0];
  switch (name) {
    case 'now':
      return now;
    case 'ago':
      if (typeof first !== 'number') {
        throw new KqlError('ago() takes a timespan such as 1d, 12h or 30m.');
      }
      return new Date(now.getTime() - first);
    case 'todatetime': {
      const time = asTime(first) ?? (typeof first === 'string' ? Date.parse(first) : NaN);
      return Number.isNaN(time) ? null : new Date(time);
    }
    case 'tolower':
      return typeof first === 'string' ? first.toLowerCase() : first;
    case 'toupper':
      return typeof first === 'string' ? first.toUpperCase() : first;
    case 'tostring':
      return displayText(first);
    case 'toint':
    case 'tolong':
    case 'todouble':
    case 'toreal': {
      const number = Number(first);
      return first === null || first === undefined || Number.isNaN(number) ? null : number;
    }
    case 'tobool':
      return first === true || (typeof first === 'string' && first.toLowerCase() === 'true');
    case 'isempty':
      return first === null || first === undefined || first === '';
    case 'isnotempty':
      return !(first === null || first === undefined || first === '');
    case 'isnull':
      return first === null || first === undefined;
    case 'isnotnull':
      return !(first === null || first === undefined);
    case 'array_length':
      return Array.isArray(first) ? first.length : null;
    case 'strcat':
      return args.map((arg) => (arg === null || arg === undefined ? '' : String(arg))).join('');
    default:
      throw new KqlError(`The function '${name}()' is not supported by the sandbox. sandbox/README.md lists the supported functions.`);
  }
}
