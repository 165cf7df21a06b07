package com.trackingbms.dr;

import com.trackingbms.dr.spi.CacheNode;
import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.TrafficTarget;
import java.time.Duration;

/**
 * Declares one site inside {@link DisasterRecoveryPlan.Builder#site(String, java.util.function.Consumer)}.
 * Values are checked when the plan is built, so that every problem is reported at once with its path.
 */
public interface SiteSpec {

    /** The site serves production. */
    SiteSpec primary();

    /** The site is a hot standby (running, continuously replicated). */
    SiteSpec hotStandby();

    /** The site is a warm standby (reduced capacity, periodic sync). */
    SiteSpec warmStandby();

    /** The site holds backups only. */
    SiteSpec coldBackup();

    /** Sets the role explicitly. */
    SiteSpec role(SiteRole role);

    /** Hosting provider label, for descriptions and reports ("aws"). */
    SiteSpec provider(String provider);

    /** Region label ("ca-central-1"). */
    SiteSpec region(String region);

    /** Share of production capacity the site can carry, 1-100 (default 100). */
    SiteSpec capacity(int percent);

    /** The controller may activate this site on its own (the default for hot standbys). */
    SiteSpec automaticActivation();

    /** Activation needs an operator's approval (the default for warm standbys and cold backups). */
    SiteSpec manualActivation();

    /** Kept in sync by streaming replication. */
    SiteSpec streaming(ReplicationMode mode);

    /** Kept in sync by periodic copies. */
    SiteSpec syncEvery(Duration interval);

    /** The site's database node. */
    SiteSpec database(DatabaseNode node);

    /** The site's cache node. */
    SiteSpec cache(CacheNode node);

    /** Adds health probes; the detection policy's quorum decides how many must fail for a round to fail. */
    SiteSpec probe(HealthProbe... probes);

    /** Where routers point when this site is active. */
    SiteSpec traffic(TrafficTarget target);

    /** Shorthand for {@code traffic(TrafficTarget.of(address))}. */
    default SiteSpec traffic(String address) {
        return traffic(TrafficTarget.of(address));
    }
}
