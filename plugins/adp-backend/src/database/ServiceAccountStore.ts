import { ServiceAccount } from '@adp-portal/plugin-adp-common';
import { Db } from './types';
import { serviceAccountFromRow } from './rows';

export class ServiceAccountStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<ServiceAccount[]> {
    return (await this.db('service_accounts').orderBy('name')).map(serviceAccountFromRow);
  }

  async get(id: string): Promise<ServiceAccount | undefined> {
    const row = await this.db('service_accounts').where({ id }).first();
    return row ? serviceAccountFromRow(row) : undefined;
  }

  async findClash(name: string, subject: string): Promise<ServiceAccount | undefined> {
    const row = await this.db('service_accounts').where({ name }).orWhere({ subject }).first();
    return row ? serviceAccountFromRow(row) : undefined;
  }

  async insert(a: ServiceAccount): Promise<void> {
    await this.db('service_accounts').insert({
      id: a.id,
      name: a.name,
      description: a.description,
      subject: a.subject,
      created_at: a.createdAt,
      created_by: a.createdBy,
    });
  }

  async delete(id: string): Promise<void> {
    await this.db('service_accounts').where({ id }).delete();
  }
}
