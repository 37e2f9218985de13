/** What each conformance case file receives: the open store of the backend under test and its key ring. */
import type { KeyRing } from '../../auth/keyring.js';
import type { StoreOptions } from '../open.js';
import type { Store } from '../store.js';

export interface ConformanceEnv {
  /** The backend's name (sqlite (memory), sqlite (file), postgres). */
  backend: string;
  store: Store;
  keyring: KeyRing;
  /** How to open a second store on the same database (a second process, as far as the store knows). */
  options: StoreOptions;
}
