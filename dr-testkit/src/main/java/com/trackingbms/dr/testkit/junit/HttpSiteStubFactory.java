package com.trackingbms.dr.testkit.junit;

import com.trackingbms.dr.testkit.emulator.HttpSiteStub;

/** Resolves {@link HttpSiteStub} parameters, configured by {@link SiteStub}. */
public final class HttpSiteStubFactory implements DrillResourceFactory<HttpSiteStub> {

    /** What a {@link SiteStub} asks for. */
    record Key(String name, String healthPath) {
    }

    /** Creates the factory (for ServiceLoader). */
    public HttpSiteStubFactory() {
    }

    @Override
    public Class<HttpSiteStub> type() {
        return HttpSiteStub.class;
    }

    @Override
    public Object configKey(ResourceRequest request) {
        return request.annotation(SiteStub.class)
                .map(a -> new Key(a.name(), a.healthPath()))
                .orElse(new Key("", HttpSiteStub.DEFAULT_HEALTH_PATH));
    }

    @Override
    public HttpSiteStub create(ResourceRequest request) {
        Key k = (Key) configKey(request);
        return HttpSiteStub.builder().healthPath(k.healthPath()).start();
    }
}
