package io.tripline.servlet;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

@SuppressWarnings("try") // see ServletContainer
final class JettyContainer implements ServletContainer {
  private Server server;

  @Override
  public URI start(TriplineFilter filter, Path tempDir) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder upload = new ServletHolder(new TestServlets.Upload());
    upload.getRegistration().setMultipartConfig(TestServlets.multipartConfig(tempDir.toString()));
    context.addServlet(upload, "/upload");
    context.addServlet(new ServletHolder(new TestServlets.Upload()), "/nocfg");
    context.addServlet(new ServletHolder(new TestServlets.Raw()), "/raw");
    ServletHolder async = new ServletHolder(new TestServlets.Async());
    async.setAsyncSupported(true);
    context.addServlet(async, "/async");
    context.addEventListener(new ServletContextListener() {
      @Override
      public void contextInitialized(ServletContextEvent event) {
        filter.register(event.getServletContext(), "/*");
      }
    });
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
