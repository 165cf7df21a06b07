/**
 * Service provider interfaces: what a provider module implements so that the engines can watch, fence, promote
 * and reroute a site. Every method may block; the engines call them off their scheduling threads, with timeouts.
 */
package com.trackingbms.dr.spi;
