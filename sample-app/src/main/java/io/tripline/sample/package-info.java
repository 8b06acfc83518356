/**
 * The Tripline sample app: a demo classifieds site on embedded Jetty 12 that puts
 * {@link io.tripline.servlet.TriplineFilter} in front of its upload. {@link io.tripline.sample.SampleApp}
 * is the only public type; run it with {@code java -jar tripline-sample-app.jar} or start it from
 * code with {@link io.tripline.sample.SampleApp#start(int, java.nio.file.Path)}.
 */
@NullMarked
package io.tripline.sample;

import org.jspecify.annotations.NullMarked;
