package com.trackingbms.dr;

import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.NodeState;
import com.trackingbms.dr.spi.ProbeResult;
import com.trackingbms.dr.store.ObjectInfo;
import com.trackingbms.dr.store.ObjectStore;
import com.trackingbms.dr.store.ObjectWriter;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Inert components for plan-shape tests in dr-api, which cannot use the testkit's fakes (dr-testkit depends on
 * dr-api). They only exist to fill slots; calling them fails loudly.
 */
final class TestComponents {

    private TestComponents() {
    }

    static HealthProbe probe(String name) {
        return new HealthProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ProbeResult probe(Duration timeout) {
                throw new UnsupportedOperationException("plan-shape test probe");
            }
        };
    }

    static DatabaseNode database(String name) {
        return new DatabaseNode() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public NodeState state() {
                throw new UnsupportedOperationException("plan-shape test node");
            }

            @Override
            public void fence() {
                throw new UnsupportedOperationException("plan-shape test node");
            }

            @Override
            public void unfence() {
                throw new UnsupportedOperationException("plan-shape test node");
            }

            @Override
            public void promote(Duration timeout) {
                throw new UnsupportedOperationException("plan-shape test node");
            }

            @Override
            public boolean acceptsWrites() {
                throw new UnsupportedOperationException("plan-shape test node");
            }

            @Override
            public String toString() {
                return "Node[password=hunter2]";
            }
        };
    }

    static ObjectStore store() {
        return new ObjectStore() {
            @Override
            public ObjectWriter create(String key) {
                throw new UnsupportedOperationException("plan-shape test store");
            }

            @Override
            public InputStream open(String key) {
                throw new UnsupportedOperationException("plan-shape test store");
            }

            @Override
            public Optional<ObjectInfo> stat(String key) {
                throw new UnsupportedOperationException("plan-shape test store");
            }

            @Override
            public List<ObjectInfo> list(String prefix) {
                throw new UnsupportedOperationException("plan-shape test store");
            }

            @Override
            public void delete(String key) {
                throw new UnsupportedOperationException("plan-shape test store");
            }

            @Override
            public String describe() {
                return "test-store";
            }
        };
    }
}
