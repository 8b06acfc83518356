package io.tripline.servlet;

/** The filter contract on embedded Tomcat 11. */
class TomcatFilterContractTest extends FilterContractTest {
  @Override
  ServletContainer newContainer() {
    return new TomcatContainer();
  }
}
