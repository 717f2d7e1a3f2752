import { InMemoryLockStore } from '../../../../src/adapters/persistence/memory/in-memory-lock-store.js';
import { describeLockStoreContract } from '../../../contracts/lock-store.contract.js';

describeLockStoreContract('InMemoryLockStore', () => new InMemoryLockStore());
