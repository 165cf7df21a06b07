/** Drill real plans in JUnit 5: local topologies, emulators, fault injection, fakes, assertions. */
package com.trackingbms.dr.testkit;
