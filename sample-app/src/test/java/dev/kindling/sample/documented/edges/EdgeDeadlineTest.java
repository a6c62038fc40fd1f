package dev.kindling.sample.documented.edges;

import static dev.kindling.sample.documented.edges.EdgeSupport.event;
import static dev.kindling.sample.documented.edges.EdgeSupport.failures;
import static dev.kindling.sample.documented.edges.EdgeSupport.invoke;
import static dev.kindling.sample.documented.edges.EdgeSupport.sqsRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import dev.kindling.test.TestContext;
import java.lang.reflect.Proxy;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Round 3: README "when less than KINDLING_DEADLINE_MARGIN_MS (default 1000 ms) of the invocation remains". */
class EdgeDeadlineTest {
  static Context remaining(long millis) {
    TestContext real = TestContext.create();
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> method.getName().equals("getRemainingTimeInMillis") ? (int) millis : method.invoke(real, args));
  }

  @Test
  void theMarginBoundary() {
    SoftAssertions soft = new SoftAssertions();
    EdgeHandlers.EFFECTS.clear();
    soft.assertThat(failures(invoke(new EdgeHandlers_LoggedSqsHandler(), event(sqsRecord("below", "x")), remaining(999))))
        .as("999 ms left: reported").containsExactly("below");
    soft.assertThat(failures(invoke(new EdgeHandlers_LoggedSqsHandler(), event(sqsRecord("above", "x")), remaining(1001))))
        .as("1001 ms left: runs").isEmpty();
    soft.assertThat(failures(invoke(new EdgeHandlers_LoggedSqsHandler(), event(sqsRecord("exact", "x")), remaining(1000))))
        .as("exactly 1000 ms left is not 'less than the margin'").isEmpty();
    soft.assertAll();
  }
}
