package io.tripline.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader Tripline uses for each decodable {@link ImageFormat}: TwelveMonkeys for JPEG
 * (CMYK and YCCK with the right colours; YCbCr JPEGs it hands to the JDK's decoder, so their
 * pixels are the JDK's to the bit) and for WebP; the JDK's own readers for PNG, GIF and BMP.
 *
 * <p>Why a fixed table rather than whatever {@code ImageIO.getImageReaders} offers: ImageIO's
 * registry is global, filled from the class path by the thread context class loader of whoever
 * touched ImageIO first (in a servlet container, often not the web application, so TwelveMonkeys
 * would silently be missing), and any plugin an application adds (a JPEG 2000 or PSD reader, say)
 * would otherwise be handed hostile uploads too. This table is built once, in a private registry
 * that changes nothing global, from the JDK's standard readers (which ImageIO always registers)
 * and TwelveMonkeys' providers instantiated directly.
 *
 * <p>Thread-safe: providers are stateless; each call creates a new reader.
 */
final class ImageReaders {
  private static final Logger log = LoggerFactory.getLogger(ImageReaders.class);

  private static final Map<ImageFormat, ImageReaderSpi> PROVIDERS = providers();

  private ImageReaders() {}

  /** A new reader for {@code format}, or null if this JVM has none for it. */
  static @Nullable ImageReader create(ImageFormat format) throws IOException {
    ImageReaderSpi provider = PROVIDERS.get(format);
    return provider == null ? null : provider.createReaderInstance();
  }

  /** The provider class that reads {@code format}, for tests and diagnostics. */
  static @Nullable String providerName(ImageFormat format) {
    ImageReaderSpi provider = PROVIDERS.get(format);
    return provider == null ? null : provider.getClass().getName();
  }

  private static Map<ImageFormat, ImageReaderSpi> providers() {
    Map<ImageFormat, ImageReaderSpi> found = new EnumMap<>(ImageFormat.class);
    ImageReaderSpi jdkJpeg = null;
    Iterator<ImageReaderSpi> standard = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, false);
    while (standard.hasNext()) {
      ImageReaderSpi spi = standard.next();
      switch (spi.getClass().getName()) {
        case "com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi" -> jdkJpeg = spi;
        case "com.sun.imageio.plugins.png.PNGImageReaderSpi" -> found.put(ImageFormat.PNG, spi);
        case "com.sun.imageio.plugins.gif.GIFImageReaderSpi" -> found.put(ImageFormat.GIF, spi);
        case "com.sun.imageio.plugins.bmp.BMPImageReaderSpi" -> found.put(ImageFormat.BMP, spi);
        default -> { }
      }
    }
    if (jdkJpeg != null) {
      // TwelveMonkeys' JPEG provider finds the JDK's (its delegate for ordinary JPEGs) in the
      // registry it is registered in; a private one keeps ImageIO's global ordering untouched.
      ServiceRegistry registry = new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());
      registry.registerServiceProvider(jdkJpeg);
      JPEGImageReaderSpi twelveMonkeys = new JPEGImageReaderSpi();
      registry.registerServiceProvider(twelveMonkeys);
      found.put(ImageFormat.JPEG, registry.contains(twelveMonkeys) ? twelveMonkeys : jdkJpeg);
    }
    found.put(ImageFormat.WEBP, new WebPImageReaderSpi());
    for (ImageFormat format : ImageFormat.values()) {
      if (format.decodable && !found.containsKey(format)) {
        log.warn("no image reader for {} in this JVM; such uploads will be undecodable", format.formatName);
      }
    }
    return found;
  }
}
