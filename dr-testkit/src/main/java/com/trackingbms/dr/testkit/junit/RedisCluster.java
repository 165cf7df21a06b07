package com.trackingbms.dr.testkit.junit;

import com.trackingbms.dr.testkit.redis.RedisBackend;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures an injected {@link com.trackingbms.dr.testkit.redis.RedisTopology} (master, replica, three Sentinels):
 * on the parameter, or on the test class as the default for its parameters. Parameters with equal configuration share
 * one topology per class.
 */
@Target({ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RedisCluster {

    /**
     * Sentinel's {@code down-after-milliseconds}.
     *
     * @return the down-after time in milliseconds
     */
    long downAfterMillis() default 1000;

    /**
     * Sentinel's {@code failover-timeout} in milliseconds (no second failover within twice this).
     *
     * @return the failover timeout in milliseconds
     */
    long failoverTimeoutMillis() default 10_000;

    /**
     * The name Sentinels monitor the master under.
     *
     * @return the name Sentinels monitor the master under
     */
    String masterName() default "drmaster";

    /**
     * Which backend runs the servers.
     *
     * @return which backend runs the servers
     */
    RedisBackend backend() default RedisBackend.AUTO;

    /**
     * A name to get separate topologies with the same configuration in one class.
     *
     * @return a name to get separate topologies with the same configuration in one class
     */
    String name() default "";
}
