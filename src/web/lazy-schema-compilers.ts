import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses), each
 * route's compiled the first time the route is asked for rather than before the server
 * listens: the API's 60 routes cost a restart 0.2–0.6 s of code generation otherwise, and a
 * route's first request pays a few milliseconds instead.
 */
type AnyFunction = (...args: never[]) => unknown;

/** `compile` on the first call of the returned function; `errors` copied, as Fastify reads it. */
export function compiledOnFirstUse<F extends AnyFunction>(compile: () => F): F {
  let compiled: F | undefined;
  const onFirstUse = ((...args: Parameters<F>) => {
    compiled ??= compile();
    const result = compiled(...args);
    (onFirstUse as unknown as { errors: unknown }).errors = (compiled as unknown as { errors?: unknown }).errors;
    return result;
  }) as unknown as F;
  return onFirstUse;
}

type CompilerFactory = (...options: never[]) => (routeSchema: never) => AnyFunction;

function onFirstUseFactory<T extends CompilerFactory>(factory: T): T {
  return ((...options: Parameters<T>) => {
    const compiler = factory(...options);
    return (routeSchema: never) => compiledOnFirstUse(() => compiler(routeSchema));
  }) as unknown as T;
}

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/** For Fastify's `schemaController.compilersFactory` option. */
export function compilersOnFirstUse(): CompilersFactory {
  return {
    buildValidator: onFirstUseFactory(AjvCompiler() as unknown as CompilerFactory),
    buildSerializer: onFirstUseFactory(SerializerSelector() as unknown as CompilerFactory),
  } as unknown as CompilersFactory;
}
