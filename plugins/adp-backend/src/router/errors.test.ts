import { ServiceUnavailableError } from '@backstage/errors';
import { isDatabaseUnavailable, mapErrors } from './errors';

/** What knex and pg throw when PostgreSQL goes away (seen in bench/faults.ts). */
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('mapErrors for an unreachable database', () => {
  const unavailable = [
    withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    withCode('read ECONNRESET', 'ECONNRESET'),
    withCode('terminating connection due to administrator command', '57P01'),
    withCode('the database system is starting up', '57P03'),
    withCode('connection failure during authentication', '08006'),
    new Error('Connection terminated unexpectedly'),
    new Error('ROLLBACK - Connection terminated unexpectedly'),
    // A transaction whose connection broke: knex's ROLLBACK on that client (scripts/prove.sh).
    new Error('ROLLBACK - Client has encountered a connection error and is not queryable'),
    new Error('select * from "albs" - Client was closed and is not queryable'),
    new Error('timeout expired'),
    Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }),
  ];

  it.each(unavailable.map(e => [e.message, e]))('answers 503 for %s', (_message, error) => {
    const next = jest.fn();
    mapErrors(error, {} as any, {} as any, next);
    expect(next).toHaveBeenCalledWith(expect.any(ServiceUnavailableError));
    expect(next.mock.calls[0][0].message).toMatch(/cannot be reached at the moment; try again/);
  });

  it('leaves other errors alone', () => {
    for (const error of [new Error('boom'), withCode('duplicate key', '23505'), withCode('syntax error', '42601'), new TypeError('x is undefined'), new Error('query timeout expired by the user')]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
    const next = jest.fn();
    const other = new Error('boom');
    mapErrors(other, {} as any, {} as any, next);
    expect(next).toHaveBeenCalledWith(other);
  });
});
