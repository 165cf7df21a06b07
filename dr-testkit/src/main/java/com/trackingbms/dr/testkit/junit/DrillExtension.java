package com.trackingbms.dr.testkit.junit;

import com.trackingbms.dr.testkit.Diagnosable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The extension behind {@link DrillTest}: resolves parameters through the {@link DrillResourceFactory}s found by
 * {@link ServiceLoader}, keeps each resource in the test class's {@link ExtensionContext.Store} (so JUnit closes it
 * after the class), and attaches the resources' diagnostics (server log tails) to failures.
 */
public final class DrillExtension implements ParameterResolver, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DrillExtension.class);
    private static final int LOG_LINES = 40;

    private final List<DrillResourceFactory<?>> factories;

    /** Creates the extension with the factories on the class path. */
    public DrillExtension() {
        List<DrillResourceFactory<?>> found = new ArrayList<>();
        for (DrillResourceFactory<?> f : ServiceLoader.load(DrillResourceFactory.class,
                DrillExtension.class.getClassLoader())) {
            found.add(f);
        }
        this.factories = List.copyOf(found);
    }

    /** The factories this extension uses, for diagnostics. */
    public List<DrillResourceFactory<?>> factories() {
        return factories;
    }

    private Optional<DrillResourceFactory<?>> factoryFor(Class<?> type) {
        return factories.stream().filter(f -> f.type() == type).findFirst();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return factoryFor(parameterContext.getParameter().getType()).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        DrillResourceFactory<?> factory = factoryFor(parameterContext.getParameter().getType()).orElseThrow();
        ExtensionContext classContext = classContext(extensionContext);
        ResourceRequest request = new ResourceRequest(parameterContext.getParameter(),
                classContext.getRequiredTestClass());
        Object key = List.of(factory.getClass().getName(), factory.configKey(request));
        ExtensionContext.Store store = classContext.getStore(NAMESPACE);
        Registry registry = store.getOrComputeIfAbsent(Registry.class, k -> new Registry(), Registry.class);
        Held held = store.getOrComputeIfAbsent(key, k -> create(factory, request, registry), Held.class);
        return held.resource;
    }

    private static Held create(DrillResourceFactory<?> factory, ResourceRequest request, Registry registry) {
        AutoCloseable resource;
        try {
            resource = factory.create(request);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ParameterResolutionException("cannot create " + factory.type().getSimpleName() + " for "
                    + request.parameter() + " of " + request.testClass().getName() + ": " + e.getMessage(), e);
        }
        Held held = new Held(resource, registry);
        registry.held.add(held);
        return held;
    }

    /** The context of the innermost test class (resources live as long as the class). */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (!(c.getElement().orElse(null) instanceof Class)) {
            c = c.getParent().orElseThrow(() -> new IllegalStateException("no test class context above "
                    + context.getUniqueId()));
        }
        return c;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachDiagnostics(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachDiagnostics(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachDiagnostics(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachDiagnostics(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachDiagnostics(context, throwable);
    }

    private static Throwable attachDiagnostics(ExtensionContext context, Throwable throwable) {
        Registry registry = context.getStore(NAMESPACE).get(Registry.class, Registry.class);
        if (registry == null) {
            return throwable;
        }
        StringBuilder text = new StringBuilder();
        for (Held h : registry.held) {
            if (h.resource instanceof Diagnosable d) {
                try {
                    text.append(d.diagnostics(LOG_LINES)).append('\n');
                } catch (RuntimeException e) {
                    text.append("(diagnostics of ").append(h.resource).append(" failed: ").append(e).append(")\n");
                }
            }
        }
        if (text.length() > 0) {
            throwable.addSuppressed(new ServerDiagnostics(text.toString()));
        }
        return throwable;
    }

    /** The server logs attached to a failed test (a suppressed exception without a stack trace). */
    public static final class ServerDiagnostics extends Exception {
        private static final long serialVersionUID = 1L;

        ServerDiagnostics(String text) {
            super("state and log tails of the servers of this test class:\n" + text, null, false, false);
        }
    }

    /** The resources created for one test class, for diagnostics. */
    static final class Registry {
        final List<Held> held = new CopyOnWriteArrayList<>();
    }

    /** A resource in the store; JUnit closes it with the class context. */
    static final class Held implements AutoCloseable {
        final AutoCloseable resource;
        final Registry registry;

        Held(AutoCloseable resource, Registry registry) {
            this.resource = resource;
            this.registry = registry;
        }

        @Override
        public void close() throws Exception {
            registry.held.remove(this);
            resource.close();
        }
    }
}
