package com.trackingbms.dr;

import com.trackingbms.dr.spi.CacheNode;
import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.TrafficTarget;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One site of the plan, as declared with {@link SiteSpec}.
 *
 * @param name unique name in the plan ("montreal")
 * @param role primary, hot standby, warm standby or cold backup
 * @param provider hosting provider label ("aws", "azure"), empty when not given
 * @param region region label ("us-east-1"), empty when not given
 * @param capacityPercent the share of production capacity this site can carry, 1-100
 * @param activation whether failover may activate the site without an operator
 * @param sync how the site is kept in sync; empty for the primary
 * @param database the site's database node, if it has one
 * @param cache the site's cache node, if it has one
 * @param probes the health probes that decide whether the site is up
 * @param traffic where routers point when this site is active
 */
public record Site(String name, SiteRole role, String provider, String region, int capacityPercent,
                   Activation activation, Optional<Sync> sync, Optional<DatabaseNode> database,
                   Optional<CacheNode> cache, List<HealthProbe> probes, Optional<TrafficTarget> traffic) {

    /** Copies the lists and checks that every part is present. */
    public Site {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(cache, "cache");
        probes = List.copyOf(probes);
        Objects.requireNonNull(traffic, "traffic");
    }

    /** Whether this is the plan's primary site. */
    public boolean isPrimary() {
        return role == SiteRole.PRIMARY;
    }

    /** Renders the site without its components' internals (which may hold credentials). */
    @Override
    public String toString() {
        return "Site[" + name + ", " + role.label() + (provider.isEmpty() ? "" : ", " + provider)
                + (region.isEmpty() ? "" : " " + region) + ", " + capacityPercent + "%, "
                + activation.name().toLowerCase(java.util.Locale.ROOT)
                + sync.map(s -> ", " + s.describe()).orElse("") + "]";
    }
}
