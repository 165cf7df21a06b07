/**
 * In-memory fakes of every SPI and a simulated clock, so that a service can unit-test its plan definition and the
 * engines' logic in milliseconds, with no network. Each fake records what was done to it and can be told to fail.
 */
package com.trackingbms.dr.testkit.fake;
