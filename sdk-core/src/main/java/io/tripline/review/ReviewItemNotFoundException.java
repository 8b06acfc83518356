package io.tripline.review;

/** No review item has the id given. */
public final class ReviewItemNotFoundException extends ReviewException {
  private static final long serialVersionUID = 1L;

  public ReviewItemNotFoundException(String itemId) {
    super("no review item " + itemId);
  }
}
