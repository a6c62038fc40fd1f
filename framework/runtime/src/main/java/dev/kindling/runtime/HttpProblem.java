package dev.kindling.runtime;

/**
 * Thrown by an {@code @HttpRoute} method to answer with an {@code application/problem+json}
 * response of the given status, for example {@code throw new HttpProblem(404, "Order 42 not
 * found")}. The detail is sent to the client, so it must not carry secrets.
 */
public class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public HttpProblem(int status, String detail) {
    super(detail, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("A problem status is 4xx or 5xx, not " + status);
    }
    this.status = status;
  }

  public int status() {
    return status;
  }

  public String detail() {
    return getMessage();
  }
}
