package dev.kindling.test;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A Lambda {@link Context} for unit tests that call a generated entry directly: a fresh request
 * id, a deadline counted from creation, and a logger that writes to stderr.
 */
public final class TestContext implements Context {
  private final String requestId;
  private final String functionName;
  private final long deadlineMillis;

  private TestContext(String requestId, String functionName, long deadlineMillis) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.deadlineMillis = deadlineMillis;
  }

  /** A context with a random request id and 30 seconds to run. */
  public static TestContext create() {
    return withRemainingMillis(30_000);
  }

  /** A context whose deadline is {@code millis} from now. */
  public static TestContext withRemainingMillis(long millis) {
    return new TestContext(UUID.randomUUID().toString(), "test-function", System.currentTimeMillis() + millis);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "2026/01/01/[$LATEST]test";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.err.print(message);
      }

      @Override
      public void log(byte[] message) {
        System.err.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
