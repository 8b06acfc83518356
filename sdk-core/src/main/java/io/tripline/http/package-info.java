/** HTTP settings shared by the SDK's own clients; not an extension point. */
@NullMarked
package io.tripline.http;

import org.jspecify.annotations.NullMarked;
