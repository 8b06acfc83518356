package io.tripline.servlet;

/** The filter contract on embedded Jetty 12 (ee10). */
class JettyFilterContractTest extends FilterContractTest {
  @Override
  ServletContainer newContainer() {
    return new JettyContainer();
  }
}
