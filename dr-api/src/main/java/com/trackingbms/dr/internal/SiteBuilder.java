package com.trackingbms.dr.internal;

import com.trackingbms.dr.Activation;
import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.SiteRole;
import com.trackingbms.dr.SiteSpec;
import com.trackingbms.dr.Sync;
import com.trackingbms.dr.spi.CacheNode;
import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.TrafficTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Records what {@link SiteSpec} is told; {@link PlanBuilder} checks it. */
final class SiteBuilder implements SiteSpec {

    final String name;
    SiteRole role;
    String provider = "";
    String region = "";
    int capacity = 100;
    Activation activation;
    Sync sync;
    DatabaseNode database;
    CacheNode cache;
    final List<HealthProbe> probes = new ArrayList<>();
    TrafficTarget traffic;

    SiteBuilder(String name) {
        this.name = name;
    }

    @Override
    public SiteSpec primary() {
        return role(SiteRole.PRIMARY);
    }

    @Override
    public SiteSpec hotStandby() {
        return role(SiteRole.HOT_STANDBY);
    }

    @Override
    public SiteSpec warmStandby() {
        return role(SiteRole.WARM_STANDBY);
    }

    @Override
    public SiteSpec coldBackup() {
        return role(SiteRole.COLD_BACKUP);
    }

    @Override
    public SiteSpec role(SiteRole newRole) {
        this.role = newRole;
        return this;
    }

    @Override
    public SiteSpec provider(String newProvider) {
        this.provider = newProvider;
        return this;
    }

    @Override
    public SiteSpec region(String newRegion) {
        this.region = newRegion;
        return this;
    }

    @Override
    public SiteSpec capacity(int percent) {
        this.capacity = percent;
        return this;
    }

    @Override
    public SiteSpec automaticActivation() {
        this.activation = Activation.AUTOMATIC;
        return this;
    }

    @Override
    public SiteSpec manualActivation() {
        this.activation = Activation.MANUAL;
        return this;
    }

    @Override
    public SiteSpec streaming(ReplicationMode mode) {
        this.sync = mode == null ? null : Sync.streaming(mode);
        return this;
    }

    @Override
    public SiteSpec syncEvery(Duration interval) {
        this.sync = interval == null ? null : Sync.every(interval);
        return this;
    }

    @Override
    public SiteSpec database(DatabaseNode node) {
        this.database = node;
        return this;
    }

    @Override
    public SiteSpec cache(CacheNode node) {
        this.cache = node;
        return this;
    }

    @Override
    public SiteSpec probe(HealthProbe... newProbes) {
        probes.addAll(Arrays.asList(newProbes));
        return this;
    }

    @Override
    public SiteSpec traffic(TrafficTarget target) {
        this.traffic = target;
        return this;
    }

    /** Activation when none was given: hot standbys and the primary automatic, the others manual. */
    Activation effectiveActivation() {
        if (activation != null) {
            return activation;
        }
        return role == SiteRole.WARM_STANDBY || role == SiteRole.COLD_BACKUP ? Activation.MANUAL : Activation.AUTOMATIC;
    }

    Site build() {
        return new Site(name, role, provider == null ? "" : provider, region == null ? "" : region, capacity,
                effectiveActivation(), Optional.ofNullable(sync), Optional.ofNullable(database),
                Optional.ofNullable(cache), probes, Optional.ofNullable(traffic));
    }
}
