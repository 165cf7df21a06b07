package com.trackingbms.dr.testkit.fake;

import com.trackingbms.dr.store.ObjectStore;
import com.trackingbms.dr.testkit.contract.ObjectStoreContract;

/** The in-memory fake is held to the same contract as the real stores, so tests on it mean something. */
class InMemoryObjectStoreTest extends ObjectStoreContract {

    @Override
    protected ObjectStore createStore() {
        return new InMemoryObjectStore();
    }
}
