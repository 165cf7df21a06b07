/** Benchmarks run with {@code examples/bench/run <name>}; each ends with a {@code BENCH name=... key=value} line. */
package com.trackingbms.dr.examples.bench;
