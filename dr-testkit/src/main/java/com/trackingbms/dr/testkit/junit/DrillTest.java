package com.trackingbms.dr.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that drills against real servers. Parameters of test methods, lifecycle methods and the
 * constructor whose type a {@link DrillResourceFactory} provides (for example
 * {@link com.trackingbms.dr.testkit.postgres.PostgresTopology}, configured with {@link PostgresCluster}) are created
 * once per test class and configuration, shared by its tests, and closed after the class. When a test fails, the tail
 * of every server log of the class is attached to the failure as a suppressed exception.
 *
 * <pre>{@code
 * @DrillTest
 * class FailoverDrillTest {
 *     @Test
 *     void promotesTheStandby(@PostgresCluster(standbys = 1, synchronous = true) PostgresTopology pg) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DrillExtension.class)
public @interface DrillTest {
}
