package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** Lambda contexts for runtime tests. */
final class TestContexts {
  private TestContexts() {}

  /** A context whose deadline is {@code millis} from now. */
  static Context remaining(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    return new Context() {
      @Override public String getAwsRequestId() { return "req-test"; }
      @Override public String getLogGroupName() { return null; }
      @Override public String getLogStreamName() { return null; }
      @Override public String getFunctionName() { return "test"; }
      @Override public String getFunctionVersion() { return "$LATEST"; }
      @Override public String getInvokedFunctionArn() { return null; }
      @Override public CognitoIdentity getIdentity() { return null; }
      @Override public ClientContext getClientContext() { return null; }
      @Override public int getRemainingTimeInMillis() { return (int) (deadline - System.currentTimeMillis()); }
      @Override public int getMemoryLimitInMB() { return 512; }
      @Override public LambdaLogger getLogger() { return null; }
    };
  }
}
