import { Knex } from 'knex';

/** A connection or an open transaction: every store method runs on whichever it is given. */
export type Db = Knex | Knex.Transaction;
