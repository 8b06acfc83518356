/**
 * JMH benchmarks of Tripline's hot paths. They compile with the normal build into
 * {@code benchmarks/target/benchmarks.jar} and run only on demand; see {@code benchmarks/README.md}
 * for the commands and the figures measured.
 */
package io.tripline.benchmarks;
