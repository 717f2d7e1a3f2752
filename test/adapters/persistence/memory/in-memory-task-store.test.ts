import { InMemoryTaskStore } from '../../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { describeTaskStoreContract } from '../../../contracts/task-store.contract.js';

describeTaskStoreContract('InMemoryTaskStore', (policy) => new InMemoryTaskStore(policy));
