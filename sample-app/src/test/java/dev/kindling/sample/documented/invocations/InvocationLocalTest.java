package dev.kindling.sample.documented.invocations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindling.local.HttpFrontDoor;
import dev.kindling.local.InvocationResult;
import dev.kindling.local.LocalFunction;
import dev.kindling.sample.LambdaClasspath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** kindling-local as a user would use it, with Kindling entries in a child JVM. */
class InvocationLocalTest {
  private static List<Path> classpath() {
    List<Path> classpath = new ArrayList<>();
    classpath.add(Path.of(System.getProperty("kindling.lambdaClasspath")).resolveSibling("test-classes"));
    classpath.addAll(LambdaClasspath.entries());
    return classpath;
  }

  private static LocalFunction function(String handler, Duration timeout, List<String> log) {
    return LocalFunction.builder("dev.kindling.sample.documented.invocations." + handler + "::handleRequest")
        .classpath(classpath())
        .timeout(timeout)
        .logSink(log::add)
        .build();
  }

  /** Through the real runtime interface client, a declared checked exception keeps its type. */
  @Test
  void aCheckedExceptionReachesLambdaWithItsRealTypeAndABadPayloadAsInvalidInput() {
    List<String> log = new CopyOnWriteArrayList<>();
    try (LocalFunction declined = function("InvocationFunctions_DeclinedPlainFunctionHandler", Duration.ofSeconds(20), log);
        LocalFunction twice = function("InvocationFunctions_TwiceFunctionHandler", Duration.ofSeconds(20), log)) {
      InvocationResult result = declined.invoke("{\"orderId\":\"o-1\",\"amount\":1}");
      System.out.println("REVIEW4 local checked exception: " + result.errorType() + " " + result.payload());
      assertThat(result.success()).isFalse();
      assertThat(result.errorType()).isEqualTo("dev.kindling.sample.documented.invocations.InvocationFunctions$PaymentDeclinedException");

      InvocationResult bad = declined.invoke("{\"orderId\":\"o-1\",\"amount\":\"ten\"}");
      assertThat(bad.errorType()).isEqualTo("dev.kindling.runtime.internal.InvalidInputException");
      assertThat(bad.payload()).contains("amount").doesNotContain("ten");

      InvocationResult empty = twice.invoke("");
      System.out.println("REVIEW4 local long payload, empty invoke: " + empty.errorType() + " " + empty.payload());
      assertThat(empty.errorType()).as("an empty invoke of a long payload").isEqualTo("dev.kindling.runtime.internal.InvalidInputException");
    }
  }

  /** HttpFrontDoor: API Gateway's error mapping for timeouts and crashes, repeated query parameters, HEAD. */
  @Test
  void theFrontDoorMapsTimeoutsAndCrashesTo500AndRecovers() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (LocalFunction api = function("InvocationApi_HttpHandler", Duration.ofSeconds(3), log);
        HttpFrontDoor door = HttpFrontDoor.start(api)) {
      URI base = door.uri();
      HttpResponse<String> ok = client.send(HttpRequest.newBuilder(base.resolve("/p/orders/o-1")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("\"order:o-1\"");

      HttpResponse<String> repeated = client.send(HttpRequest.newBuilder(base.resolve("/p/limits?limit=1&limit=2")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(repeated.statusCode()).isEqualTo(400);
      assertThat(repeated.headers().firstValue("content-type")).hasValue("application/problem+json");

      HttpResponse<String> head = client.send(
          HttpRequest.newBuilder(base.resolve("/p/orders/o-1")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();

      HttpResponse<String> slow = client.send(HttpRequest.newBuilder(base.resolve("/p/slow")).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("REVIEW4 front door timeout: " + slow.statusCode() + " " + slow.body());
      assertThat(slow.statusCode()).isEqualTo(500);
      assertThat(slow.body()).doesNotContain("Task timed out");

      HttpResponse<String> crash = client.send(HttpRequest.newBuilder(base.resolve("/p/exit")).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("REVIEW4 front door crash: " + crash.statusCode() + " " + crash.body());
      assertThat(crash.statusCode()).isEqualTo(500);
      assertThat(crash.body()).doesNotContain("ExitError");

      HttpResponse<String> after = client.send(HttpRequest.newBuilder(base.resolve("/p/orders/o-2")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).isEqualTo(200);
    }
  }
}
