/**
 * What Tripline's tests and benchmarks share: {@link io.tripline.testkit.TestImages} draws
 * synthetic pictures and encodes them, {@link io.tripline.testkit.MultipartBody} builds upload
 * bodies byte by byte. Test scope only; never a dependency of production code.
 */
package io.tripline.testkit;
