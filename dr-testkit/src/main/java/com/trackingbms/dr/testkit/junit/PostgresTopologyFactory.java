package com.trackingbms.dr.testkit.junit;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import com.trackingbms.dr.testkit.postgres.PostgresTopologyBuilder;
import java.util.List;

/** Resolves {@link PostgresTopology} parameters, configured by {@link PostgresCluster}. */
public final class PostgresTopologyFactory implements DrillResourceFactory<PostgresTopology> {

    /** What a {@link PostgresCluster} asks for. */
    record Key(List<ReplicationMode> modes, String database, List<String> settings, String name) {
    }

    /** Creates the factory (for ServiceLoader). */
    public PostgresTopologyFactory() {
    }

    @Override
    public Class<PostgresTopology> type() {
        return PostgresTopology.class;
    }

    @Override
    public Object configKey(ResourceRequest request) {
        return request.annotation(PostgresCluster.class)
                .map(a -> new Key(modes(a), a.database(), List.of(a.settings()), a.name()))
                .orElse(new Key(List.of(ReplicationMode.SYNCHRONOUS), "postgres", List.of(), ""));
    }

    private static List<ReplicationMode> modes(PostgresCluster a) {
        if (a.modes().length > 0) {
            return List.of(a.modes());
        }
        if (a.standbys() < 0) {
            throw new IllegalArgumentException("@PostgresCluster standbys must not be negative, got " + a.standbys());
        }
        return java.util.Collections.nCopies(a.standbys(),
                a.synchronous() ? ReplicationMode.SYNCHRONOUS : ReplicationMode.ASYNCHRONOUS);
    }

    @Override
    public PostgresTopology create(ResourceRequest request) {
        Key k = (Key) configKey(request);
        PostgresTopologyBuilder b = PostgresTopology.builder().database(k.database());
        for (ReplicationMode m : k.modes()) {
            b.standbys(1, m);
        }
        for (String s : k.settings()) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@PostgresCluster setting '" + s + "' on " + request.parameter()
                        + " must look like name=value");
            }
            b.setting(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return b.start();
    }
}
