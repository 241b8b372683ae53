import { type Compilable, CompiledQuery, type Kysely } from 'kysely';

/**
 * A read query of fixed shape that is built and compiled by Kysely once; each run only binds
 * its arguments. Building and compiling cost a page about as much as running its queries.
 *
 * The query is built once with placeholder arguments; their positions in the compiled
 * parameter list are where each run's arguments go. Every argument must therefore reach
 * the SQL as a bound parameter, unchanged (no arithmetic on it, no lists).
 */
export function preparedQuery<Args extends unknown[], Row>(
  db: Pick<Kysely<unknown>, 'executeQuery'>,
  build: (...args: Args) => Compilable<Row>,
  arity: Args['length'],
): (...args: Args) => Promise<Row[]> {
  let compiled: { sql: string; parameters: readonly unknown[]; slots: Map<number, number> } | undefined;
  return async (...args: Args): Promise<Row[]> => {
    if (!compiled) {
      const placeholders = Array.from({ length: arity }, (_, i) => ({ placeholder: i }));
      const query = build(...(placeholders as unknown as Args)).compile();
      const slots = new Map<number, number>();
      query.parameters.forEach((value, position) => {
        const index = placeholders.indexOf(value as { placeholder: number });
        if (index !== -1) slots.set(position, index);
      });
      if (new Set(slots.values()).size !== arity) {
        throw new Error(`A prepared query must bind each of its ${arity} arguments as a parameter: ${query.sql}`);
      }
      compiled = { sql: query.sql, parameters: query.parameters, slots };
    }
    const { sql, parameters, slots } = compiled;
    const bound = parameters.map((value, position) => {
      const index = slots.get(position);
      return index === undefined ? value : args[index];
    });
    const result = await db.executeQuery<Row>(CompiledQuery.raw(sql, bound) as CompiledQuery<Row>);
    return result.rows;
  };
}
