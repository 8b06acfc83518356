package io.tripline.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JImageHash's dependencies, as resolved for users: JTransforms' jar already carries
 * commons-math3 and JLargeArrays, so the separate artifacts must stay excluded (two copies of a
 * class on the path, of different versions, is a bug waiting for a class loader order), and
 * JavaFX's classes must be there, since the first hash loads them.
 */
class ClassPathTest {

  private static List<URL> copiesOf(String resource) throws IOException {
    return Collections.list(ClassPathTest.class.getClassLoader().getResources(resource));
  }

  @Test
  void commonsMath3IsOnTheClassPathOnce() throws IOException {
    assertThat(copiesOf("org/apache/commons/math3/util/FastMath.class")).hasSize(1);
  }

  @Test
  void jLargeArraysIsOnTheClassPathOnce() throws IOException {
    assertThat(copiesOf("pl/edu/icm/jlargearrays/LargeArray.class")).hasSize(1);
  }

  @Test
  void javaFxImageClassesArePresent() throws ClassNotFoundException {
    assertThat(Class.forName("javafx.scene.image.Image", false, ClassPathTest.class.getClassLoader())).isNotNull();
  }
}
