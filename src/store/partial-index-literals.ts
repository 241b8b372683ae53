import type {
  BinaryOperationNode,
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * The columns whose constants the SQLite schema's partial indexes are written against
 * (`where status = 'published'`, `where listed = 1`, …: store/migrations).
 */
const PARTIAL_INDEX_COLUMNS = new Set(['status', 'listed']);
const COMPARISONS = new Set(['=', '<>', '!=']);
/** Only plain words and small integers are written into the SQL: status names, 0 and 1. */
const LITERAL = /^[a-z_]{1,32}$/;

/**
 * On SQLite, `status = 'published'` and `listed = 1` go into the SQL as literals instead of
 * bound parameters. A partial index can only serve a query whose WHERE implies the index's
 * own; when the value is a parameter, SQLite decides that from the value bound, so it
 * prepares the statement again at every run with a new binding (measured: the home page's
 * list of the newest, 143 µs a run with `status = ?` against 30 µs with `status = 'published'`).
 * The values are the code's own constants, never a reader's input, and are checked to be
 * plain words or integers before they are written.
 */
export class PartialIndexLiterals implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return withLiterals(args.node) as RootOperationNode;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * The tree with each such comparison's value made immediate. Kysely's OperationNodeTransformer
 * copies every node of every query; this walk copies only the nodes above a change (most
 * queries have none), so a query built per request pays little for it.
 */
function withLiterals(node: unknown): unknown {
  if (Array.isArray(node)) {
    let changed = false;
    const items = node.map((item) => {
      const rewritten = withLiterals(item);
      if (rewritten !== item) changed = true;
      return rewritten;
    });
    return changed ? Object.freeze(items) : node;
  }
  if (node === null || typeof node !== 'object' || Object.getPrototypeOf(node) !== Object.prototype) return node;
  const { kind } = node as { kind?: string };
  // A value (a Date, a Buffer, a prepared query's placeholder) is a leaf.
  if (kind === 'ValueNode') return node;
  if (kind === 'BinaryOperationNode') {
    const literal = literalComparison(node as BinaryOperationNode);
    if (literal) return literal;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, child] of Object.entries(node)) {
    if (child === null || typeof child !== 'object') continue;
    const rewritten = withLiterals(child);
    if (rewritten === child) continue;
    copy ??= { ...(node as Record<string, unknown>) };
    copy[key] = rewritten;
  }
  return copy ? Object.freeze(copy) : node;
}

/** The comparison with its value written as a literal, or undefined when it is not one to rewrite. */
function literalComparison(node: BinaryOperationNode): BinaryOperationNode | undefined {
  const { leftOperand: left, operator, rightOperand: right } = node;
  if (operator.kind !== 'OperatorNode' || !COMPARISONS.has((operator as unknown as { operator: string }).operator)) {
    return undefined;
  }
  const column = columnName(left);
  if (column === undefined || !PARTIAL_INDEX_COLUMNS.has(column)) return undefined;
  if (right.kind !== 'ValueNode') return undefined;
  const { value, immediate } = right as unknown as { value: unknown; immediate?: boolean };
  const literal =
    (typeof value === 'string' && LITERAL.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value));
  if (immediate || !literal) return undefined;
  return Object.freeze({
    ...node,
    rightOperand: Object.freeze({ kind: 'ValueNode', value, immediate: true }) as typeof right,
  });
}

/**
 * The column a reference, a bare column or `sql.ref(…)` names (`articles.status` → `status`).
 */
function columnName(node: BinaryOperationNode['leftOperand']): string | undefined {
  if (node.kind === 'RawNode') {
    const { sqlFragments, parameters } = node as unknown as { sqlFragments: string[]; parameters: OperationNode[] };
    const bare = parameters.length === 1 && sqlFragments.every((fragment) => fragment === '');
    return bare ? columnName(parameters[0]!) : undefined;
  }
  const column = node.kind === 'ReferenceNode' ? (node as unknown as { column: { kind: string } }).column : node;
  if (column.kind !== 'ColumnNode') return undefined;
  return (column as unknown as { column: { name: string } }).column.name;
}
