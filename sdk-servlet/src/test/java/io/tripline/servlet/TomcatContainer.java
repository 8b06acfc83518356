package io.tripline.servlet;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

@SuppressWarnings("try") // see ServletContainer
final class TomcatContainer implements ServletContainer {
  private Tomcat tomcat;

  @Override
  public URI start(TriplineFilter filter, Path tempDir) throws Exception {
    tomcat = new Tomcat();
    Path base = Files.createDirectories(tempDir.resolve("tomcat"));
    tomcat.setBaseDir(base.toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");

    Context context = tomcat.addContext("", base.toString());
    Wrapper upload = Tomcat.addServlet(context, "upload", new TestServlets.Upload());
    upload.setMultipartConfigElement(TestServlets.multipartConfig(tempDir.toString()));
    context.addServletMappingDecoded("/upload", "upload");
    Tomcat.addServlet(context, "nocfg", new TestServlets.Upload());
    context.addServletMappingDecoded("/nocfg", "nocfg");
    Tomcat.addServlet(context, "raw", new TestServlets.Raw());
    context.addServletMappingDecoded("/raw", "raw");
    Wrapper async = Tomcat.addServlet(context, "async", new TestServlets.Async());
    async.setAsyncSupported(true);
    context.addServletMappingDecoded("/async", "async");
    context.addServletContainerInitializer((classes, servletContext) -> filter.register(servletContext, "/*"), null);

    tomcat.start();
    return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
  }

  @Override
  public void close() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }
}
