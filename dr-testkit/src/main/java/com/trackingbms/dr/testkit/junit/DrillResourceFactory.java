package com.trackingbms.dr.testkit.junit;

/**
 * Creates one kind of test resource (a PostgreSQL topology, a Redis topology, an emulator) for {@link DrillTest}.
 * Factories are found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/com.trackingbms.dr.testkit.junit.DrillResourceFactory}. They need a public no-argument
 * constructor.
 *
 * <p>The resource is closed by the extension after the test class. If it implements
 * {@link com.trackingbms.dr.testkit.Diagnosable}, its diagnostics are attached to failing tests.
 *
 * @param <T> the resource type, which is also the parameter type the factory resolves
 */
public interface DrillResourceFactory<T extends AutoCloseable> {

    /** The parameter type this factory resolves (a parameter of exactly this type). */
    Class<T> type();

    /**
     * The configuration the request asks for, as a value with equals/hashCode: requests with equal keys in one test
     * class share one resource. Read the configuration annotation with {@link ResourceRequest#annotation(Class)}.
     */
    Object configKey(ResourceRequest request);

    /** Creates and starts the resource for the configuration (called at most once per class and key). */
    T create(ResourceRequest request) throws Exception;
}
