package com.trackingbms.dr.testkit.junit;

import com.trackingbms.dr.ReplicationMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures an injected {@link com.trackingbms.dr.testkit.postgres.PostgresTopology}: on the parameter, or on the
 * test class as the default for its parameters. Parameters with equal configuration share one topology per class.
 */
@Target({ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PostgresCluster {

    /** How many standbys (named standby1, standby2...). */
    int standbys() default 1;

    /** Whether the standbys are synchronous (every one must confirm each commit) or asynchronous. */
    boolean synchronous() default true;

    /**
     * The mode of each standby, in order (standby1, standby2...); when given, it replaces {@link #standbys()} and
     * {@link #synchronous()}, e.g. {@code modes = {SYNCHRONOUS, ASYNCHRONOUS}}.
     */
    ReplicationMode[] modes() default {};

    /** The database tests use (created when not "postgres"). */
    String database() default "postgres";

    /** Extra server settings as {@code name=value}. */
    String[] settings() default {};

    /**
     * A name to get separate topologies with the same configuration in one class (parameters with different names
     * get different topologies).
     */
    String name() default "";
}
