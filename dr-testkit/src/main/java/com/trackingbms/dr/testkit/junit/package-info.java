/**
 * JUnit 5 integration: {@link com.trackingbms.dr.testkit.junit.DrillTest} creates real topologies once per test
 * class, injects them as parameters, closes them after the class and attaches server log tails to failures.
 * New resource types plug in through {@link com.trackingbms.dr.testkit.junit.DrillResourceFactory}.
 */
package com.trackingbms.dr.testkit.junit;
