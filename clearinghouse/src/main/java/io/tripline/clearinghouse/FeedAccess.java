package io.tripline.clearinghouse;

import io.tripline.clearinghouse.feed.FeedApi;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * In front of the feed servlets: checks the bearer credential for {@code scope} and hands the
 * caller's platform to them in {@link FeedApi#PLATFORM_ATTRIBUTE}; 401 / 403 problems otherwise.
 */
final class FeedAccess implements Filter {
  private final Accounts accounts;
  private final Scope scope;

  FeedAccess(Accounts accounts, Scope scope) {
    this.accounts = accounts;
    this.scope = scope;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    Accounts.Caller caller;
    try {
      caller = ApiServlet.authenticate(req, accounts, scope);
    } catch (Problem p) {
      ApiServlet.send(req, (HttpServletResponse) response, p);
      return;
    }
    req.setAttribute(FeedApi.PLATFORM_ATTRIBUTE, caller.platform());
    chain.doFilter(request, response);
  }
}
