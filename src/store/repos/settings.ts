import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function getSetting(db: Kysely<Database>, name: string): Promise<string | undefined> {
  const r = await db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
  return r?.value;
}

/** Sets the value only if the name is not set yet; returns the value that is stored afterwards. */
export async function setSettingOnce(db: Kysely<Database>, name: string, value: string): Promise<string> {
  await db.insertInto('settings').values({ name, value }).onConflict((oc) => oc.column('name').doNothing()).execute();
  return (await getSetting(db, name))!;
}
